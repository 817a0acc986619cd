// pages.mjs — what the browser tests visit. Adding a page is one line in
// PAGES; adding a language is one entry in LANGS (and naming it in the
// pages that exist in it); adding a keyboard walk is one line in WALKS.
//
// A page: { name, path, as, langs }
//   name   a short name: the test lines and the screenshot files carry it
//   path   the bokmål address, without a language prefix
//   as     null for a public page, or the role whose account opens it
//          (one of the ACCOUNTS below; each signs in through /login)
//   langs  the languages the page exists in (keys of LANGS)

// The interface languages and their address prefixes: an unprefixed
// address is bokmål. When /en/ exists, add  en: '/en',  here and 'en'
// to PUBLIC (and nn: '/nn' likewise).
export const LANGS = {
	nb: '',
	en: '/en',
};

// Every public page exists in every language the site speaks.
export const PUBLIC = ['nb', 'en'];
// The signed-in area speaks bokmål.
const INTERNAL = ['nb'];

// Every page is tested at each width (CSS pixels): a desktop and a small
// phone.
export const WIDTHS = [1280, 360];

const PLAN = 'bodo-2022-2025';

export const PAGES = [
	// ---- public ----
	{ name: 'home', path: '/', as: null, langs: PUBLIC },
	{ name: 'plans', path: '/plans', as: null, langs: PUBLIC },
	{ name: 'plan', path: `/plans/${PLAN}`, as: null, langs: PUBLIC },
	{ name: 'theme', path: `/plans/${PLAN}/themes/forebygge`, as: null, langs: PUBLIC },
	{ name: 'measure', path: `/plans/${PLAN}/measures/informasjon-kurs-seminarer`, as: null, langs: PUBLIC },
	{ name: 'indicators', path: `/plans/${PLAN}/indicators`, as: null, langs: PUBLIC },
	{ name: 'units', path: '/units', as: null, langs: PUBLIC },
	{ name: 'unit', path: '/units/bodo-helsestasjonene', as: null, langs: PUBLIC },
	{ name: 'search', path: '/search?q=vold', as: null, langs: PUBLIC },
	{ name: 'statement', path: '/tilgjengelighet', as: null, langs: PUBLIC },
	{ name: 'login', path: '/login', as: null, langs: INTERNAL },
	{ name: 'not-found', path: '/plans/no-such-plan', as: null, langs: PUBLIC, status: 404 },
	{ name: 'help', path: '/hjelp/bodo', as: null, langs: PUBLIC },
	{ name: 'help-way', path: '/hjelp/balsfjord/for/voksne', as: null, langs: PUBLIC },
	{ name: 'violence', path: '/om-vold', as: null, langs: PUBLIC },
	{ name: 'hide', path: '/skjul-besok', as: null, langs: PUBLIC },

	// ---- signed in ----
	{ name: 'admin-home', path: '/admin', as: 'admin', langs: INTERNAL },
	{ name: 'password', path: '/admin/password', as: 'reader', langs: INTERNAL },
	{ name: 'report', path: `/admin/report/${PLAN}`, as: 'reporter', langs: INTERNAL },
	{ name: 'overview', path: `/admin/overview/${PLAN}`, as: 'coordinator', langs: INTERNAL },
	// A unit with units below it (the units fixture): its report page lists
	// theirs after its form; the overview shows the units as a tree.
	{ name: 'report-parent', path: '/admin/report/units-plan', as: 'parent', langs: INTERNAL },
	{ name: 'overview-tree', path: '/admin/overview/units-plan', as: 'reader', langs: INTERNAL },
	{ name: 'plan-editor', path: `/admin/plans/${PLAN}`, as: 'coordinator', langs: INTERNAL },
	{ name: 'edit-measure', path: `/admin/plans/${PLAN}/measures/informasjon-kurs-seminarer`, as: 'coordinator', langs: INTERNAL },
	{ name: 'audit', path: '/admin/audit', as: 'admin', langs: INTERNAL },
	{ name: 'users', path: '/admin/users', as: 'admin', langs: INTERNAL },
	{ name: 'user-new', path: '/admin/users/new', as: 'admin', langs: INTERNAL },
	{ name: 'services', path: '/admin/services', as: 'coordinator', langs: INTERNAL },
	{ name: 'service-edit', path: '/admin/services/krisesenteret-i-salten', as: 'admin', langs: INTERNAL },
	// (issue 8, to add when they land:)
	{ name: 'card', path: '/tiltakskort/bodo', as: null, langs: PUBLIC },
	{ name: 'card-print', path: '/tiltakskort/bodo/utskrift', as: null, langs: PUBLIC },
	{ name: 'cards-admin', path: '/admin/cards/bodo', as: 'coordinator', langs: INTERNAL },
];

// Keyboard-only walks (at every width): Tab from the top of the page.
// The first stop must be the skip link, visible, taking focus to <main>;
// every stop shows a focus indicator; the order is the DOM's and reads
// top to bottom, left to right.
export const WALKS = [
	{ name: 'home', path: '/', langs: PUBLIC },
	{ name: 'plan', path: `/plans/${PLAN}`, langs: PUBLIC },
	{ name: 'help', path: '/hjelp/bodo', langs: PUBLIC },
	{ name: 'card', path: '/tiltakskort/bodo', langs: PUBLIC },
];

// The accounts made with `tiltak user add` before the server starts.
export const ACCOUNTS = {
	admin: { email: 'admin@example.no', args: ['--role', 'admin'] },
	coordinator: { email: 'koordinator@example.no', args: ['--role', 'coordinator', '--org', 'bodo'] },
	reporter: { email: 'rapportor@example.no', args: ['--role', 'reporter', '--unit', 'bodo-helsestasjonene'] },
	reader: { email: 'leser@example.no', args: ['--role', 'reader'] },
	parent: { email: 'helse@example.no', args: ['--role', 'reporter', '--unit', 'enhetsby-helse'] },
};
