// run.mjs — tiltak's browser tests: the real server, Debian's Chromium
// driven by playwright-core, axe-core for WCAG 2.1 AA. Prints TAP
// ("ok N - …" / "not ok N - …", diagnostics as "# …") and exits non-zero
// on any failure. Started by tests/browser/run.sh (which checks that
// Chromium and node_modules are there).
//
//   node tests/browser/run.mjs TILTAK_BINARY
//
// For every page of pages.mjs, in each of its languages, at each width:
//   axe       zero axe-core violations of the WCAG 2.1 A and AA rules
//   layout    the expected status, <html lang> the page's language, no
//             horizontal scrolling (scrollWidth <= the width; at the
//             narrowest width also at 320 px, WCAG 1.4.10), nothing in
//             the console (a CSP refusal shows there)
//   offline   every request the page makes goes to the server on
//             127.0.0.1 (anything else is refused and reported), and a
//             public page sets no cookie
// Then the keyboard walks of pages.mjs, and a clean exit of the server.
// A screenshot of the first screen of every page × width goes to build/browser-artifacts/
// (or $TILTAK_BROWSER_ARTIFACTS).
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';
import AxeBuilderModule from '@axe-core/playwright';
import axeCore from 'axe-core';

import { ACCOUNTS, LANGS, PAGES, WALKS, WIDTHS } from './pages.mjs';
import { PASSWORD, startServer } from './server.mjs';
import { walk } from './walk.mjs';

const AxeBuilder = AxeBuilderModule.default ?? AxeBuilderModule;
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const bin = resolve(process.argv[2] ?? process.env.TILTAK_BIN ?? 'build/test/tiltak');
const CHROMIUM = process.env.TILTAK_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = resolve(process.env.TILTAK_BROWSER_ARTIFACTS ?? join(root, 'build/browser-artifacts'));
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const HEIGHT = { 1280: 800, 360: 740 };
const REFLOW = 320;
// The whole run's limit: a hung browser fails the run instead of make test.
// Pages tested at once (each in its own tab).
const JOBS = Math.max(1, Number(process.env.TILTAK_BROWSER_JOBS ?? 2));
const DEADLINE_MS = Number(process.env.TILTAK_BROWSER_DEADLINE_MS ?? 600_000);

// ---- TAP ----
let n = 0;
let failures = 0;
function diag(lines) {
	for (const l of [].concat(lines))
		for (const part of String(l).split('\n'))
			console.log(`# ${part}`);
}
const t0 = Date.now();
const TIMING = process.env.TILTAK_BROWSER_TIMING === '1';
function report(name, problems) {
	n++;
	if (TIMING)
		diag(`${((Date.now() - t0) / 1000).toFixed(1)} s`);
	if (problems.length === 0) {
		console.log(`ok ${n} - ${name}`);
	} else {
		failures++;
		console.log(`not ok ${n} - ${name}`);
		diag(problems.map((p) => `  ${p}`));
	}
}

function url(base, lang, path) {
	return base + LANGS[lang] + path;
}

function axeProblems(result) {
	const out = [];
	for (const v of result.violations) {
		out.push(`${v.id} (${v.impact}): ${v.help} — ${v.helpUrl.replace(/\?.*/, '')}`);
		for (const node of v.nodes.slice(0, 4))
			out.push(`    ${node.target.join(' ')}: ${(node.failureSummary ?? '').split('\n').slice(1, 3).join(' ').trim()}`);
		if (v.nodes.length > 4)
			out.push(`    … and ${v.nodes.length - 4} more`);
	}
	return out;
}

// One browser context per role (for a role, signed in once through the
// form); each worker opens its own page in it. Every request a page makes
// is checked: one not to the server is refused and noted in the page's
// guard.
async function openContext(browser, server, role) {
	const context = await browser.newContext({
		viewport: { width: WIDTHS[0], height: HEIGHT[WIDTHS[0]] ?? 800 },
		serviceWorkers: 'block',
		locale: 'nb-NO',
	});
	// Generous: the tests may share two cores with a whole build.
	context.setDefaultTimeout(90_000);
	context.setDefaultNavigationTimeout(90_000);
	if (role !== null) {
		const { page } = await openPage(context, server);
		const a = ACCOUNTS[role];
		try {
			await page.goto(server.base + '/login');
			await page.fill('input[name=email]', a.email);
			await page.fill('input[name=password]', PASSWORD);
			await Promise.all([
				page.waitForURL((u) => new URL(u).pathname.startsWith('/admin'), { timeout: 60_000 }),
				page.locator('form:has(input[name=password]) [type=submit]').click(),
			]);
		} catch (e) {
			await page.screenshot({ path: join(ARTIFACTS, `sign-in-${role}.png`) }).catch(() => {});
			throw e;
		}
		await page.close();
	}
	return context;
}

async function openPage(context, server) {
	const guard = { offsite: [], console: [] };
	const page = await context.newPage();
	await page.route('**/*', (route) => {
		const u = route.request().url();
		const parsed = new URL(u);
		if (parsed.protocol === 'http:' && parsed.hostname === '127.0.0.1' && Number(parsed.port) === server.port)
			return route.continue();
		guard.offsite.push(u);
		return route.abort('blockedbyclient');
	});
	page.on('console', (m) => {
		if (m.type() === 'error' || m.type() === 'warning')
			guard.console.push(`${m.type()}: ${m.text()}`);
	});
	page.on('pageerror', (e) => guard.console.push(`page error: ${e.message}`));
	page.on('request', (r) => {
		const u = r.url();
		if (!u.startsWith(server.base + '/') && !u.startsWith('data:'))
			guard.offsite.push(u);
	});
	return { page, guard };
}

// Whether the page scrolls sideways at this width: [] or a problem
// naming the elements that stick out.
async function sideways(page, width) {
	const scrollWidth = await page.evaluate(() => document.scrollingElement.scrollWidth);
	if (scrollWidth <= width)
		return [];
	const wide = await page.evaluate((w) => [...document.querySelectorAll('body *')]
		.filter((e) => e.getBoundingClientRect().right > w + 0.5)
		.filter((e) => !e.parentElement || e.parentElement.getBoundingClientRect().right <= w + 0.5)
		.slice(0, 5)
		.map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className ? '.' + String(e.className).replace(/ +/g, '.') : ''} right=${Math.round(e.getBoundingClientRect().right)}`), width);
	return [`scrolls sideways at ${width} px: scrollWidth ${scrollWidth}; too wide: ${wide.join(', ')}`];
}

// The checks of one page at one width: { status, axe, layout, offline },
// each a list of problems (empty when all is well).
async function checkPage(page, address, { lang, width, want, role }, guard) {
	guard.offsite.length = 0;
	guard.console.length = 0;
	const response = await page.goto(address, { waitUntil: 'load' });

	// Legacy mode runs axe.run in the page itself: these pages have no
	// frames, and the default (runPartial, then finishRun in a blank page)
	// takes three times as long. AxeBuilder evaluates axe-core's source
	// twice per analyze() (once to look, once to inject); it is put in the
	// page once here instead, and AxeBuilder's own injection is a no-op:
	// a quarter of the axe time of a run.
	await page.evaluate(axeCore.source);
	const result = await new AxeBuilder({ page, axeSource: 'void 0' }).withTags(AXE_TAGS)
		.options({ resultTypes: ['violations'] }).setLegacyMode(true).analyze();
	const axe = axeProblems(result);

	const facts = await page.evaluate(() => ({
		lang: document.documentElement.lang,
		title: document.title,
	}));
	const layout = [];
	if (response.status() !== want)
		layout.push(`status ${response.status()}, expected ${want}`);
	if (facts.lang !== lang)
		layout.push(`<html lang="${facts.lang}">, expected "${lang}"`);
	layout.push(...await sideways(page, width));
	// At the narrowest width, also WCAG 1.4.10's 320 CSS pixels (a
	// 1280 px screen at 400 % zoom).
	if (width === Math.min(...WIDTHS) && width > REFLOW) {
		await page.setViewportSize({ width: REFLOW, height: HEIGHT[width] ?? 800 });
		layout.push(...await sideways(page, REFLOW));
		await page.setViewportSize({ width, height: HEIGHT[width] ?? 800 });
	}
	if (!facts.title)
		layout.push('no <title>');
	// Chromium reports an error status of the page itself in the console.
	const expected = `Failed to load resource: the server responded with a status of ${want} `;
	layout.push(...guard.console.filter((c) => want === 200 || !c.includes(expected)).map((c) => `console ${c}`));

	const offline = [...new Set(guard.offsite)].map((u) => `request off the server: ${u}`);
	if (role === null) {
		const cookies = await page.context().cookies();
		offline.push(...cookies.map((c) => `cookie set: ${c.name} (${c.domain})`));
	}
	return { axe, layout, offline };
}

async function testPage(page, server, entry, lang, width, guard, role) {
	const label = `${lang} ${entry.name} ${width}px${role ? ` (${role})` : ''}`;
	const address = url(server.base, lang, entry.path);
	const want = entry.status ?? 200;
	let r;
	try {
		await page.setViewportSize({ width, height: HEIGHT[width] ?? 800 });
		r = await checkPage(page, address, { lang, width, want, role }, guard);
	} catch (e) {
		report(`${label}: loads ${address} and checks it`, [String(e.message).split('\n')[0]]);
		return;
	}
	report(`${label}: no axe violations (${AXE_TAGS.join(', ')})`, r.axe);
	report(`${label}: status ${want}, lang, no sideways scrolling${width === Math.min(...WIDTHS) ? ` (nor at ${REFLOW} px)` : ''}, quiet console`, r.layout);
	report(`${label}: no request leaves the server${role === null ? ', no cookie' : ''}`, r.offline);
	// The first screen at this width, what a reader sees before scrolling
	// (a whole long page took Chromium seconds to capture and encode).
	// JPEG: a PNG takes twice as long to encode. A screenshot is an
	// artefact, not a check: one that fails is said.
	const shot = join(ARTIFACTS, lang, `${entry.name}-${width}.jpg`);
	await page.screenshot({ path: shot, type: 'jpeg', quality: 80 })
		.catch((e) => diag(`no screenshot ${shot}: ${String(e.message).split('\n')[0]}`));
}

// The checks must be able to fail: a page made to break each of them,
// served from the test server's own origin by the browser (page.route),
// must fail each. Its one request elsewhere goes to another loopback
// address and is refused before it leaves the browser.
const BROKEN = `<!doctype html><html lang="nb"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>broken</title>
<style>
a:focus, button:focus { outline: none; }
.row { display: flex; flex-direction: row-reverse; }
.wide { width: 600px; }
.pale { color: #bbb; }
</style></head><body>
<div class="row"><a href="/a">first</a><a href="/b">second</a></div>
<main><p class="pale">grey on white</p><img src="http://127.0.0.2:9/x.png">
<div class="wide">wide</div><button tabindex="2">go</button></main></body></html>`;

async function selfCheck(page, server, guard) {
	const address = `${server.base}/__browser-selfcheck`;
	await page.route(address, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: BROKEN }));
	await page.setViewportSize({ width: 360, height: HEIGHT[360] });
	const r = await checkPage(page, address, { lang: 'en', width: 360, want: 200, role: null }, guard);
	const w = await walk(page, address);
	const expect = (name, problems, wanted) => {
		const text = problems.join('\n');
		const missing = wanted.filter((re) => !re.test(text));
		report(`the checks fail a broken page: ${name}`, missing.map((re) => `not caught: ${re}; reported: ${text.slice(0, 300) || 'nothing'}`));
	};
	expect('axe', r.axe, [/image-alt/, /color-contrast/]);
	expect('layout', r.layout, [/scrolls sideways/, /<html lang="nb">/]);
	expect('offline', r.offline, [/127\.0\.0\.2/]);
	expect('walk', w.flatMap((x) => x.problems), [/expected the skip link/, /positive tabindex/, /outline none/, /above or to its left/]);
	await page.unroute(address);
}

async function main() {
	const killer = setTimeout(() => {
		report('the browser tests end within their deadline', [`still running after ${DEADLINE_MS / 1000} s`]);
		process.exit(1);
	}, DEADLINE_MS);
	killer.unref();

	rmSync(ARTIFACTS, { recursive: true, force: true });
	for (const lang of Object.keys(LANGS))
		mkdirSync(join(ARTIFACTS, lang), { recursive: true });

	// The server (import, accounts) and the browser start at once.
	const launching = chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update',
			'--disable-gpu', '--disable-quic', '--no-first-run', '--disable-sync'],
	});
	launching.catch(() => {});
	let server;
	try {
		server = await startServer(bin, root, ACCOUNTS);
	} catch (e) {
		report('the server starts with the shipped data and an account per role', [e.message]);
		await (await launching.catch(() => null))?.close();
		return;
	}
	let browser;
	try {
		browser = await launching;
		// TILTAK_BROWSER_ONLY=REGEX: only the pages and walks whose names match.
		const only = new RegExp(process.env.TILTAK_BROWSER_ONLY ?? '');
		const pages = PAGES.filter((p) => only.test(p.name));
		const walks = WALKS.filter((w) => only.test(w.name));
		const tasks = [];
		for (const entry of pages)
			for (const lang of entry.langs)
				for (const width of WIDTHS)
					tasks.push({ role: entry.as, entry, lang, width });
		for (const w of walks)
			for (const lang of w.langs)
				for (const width of WIDTHS)
					tasks.push({ role: null, walk: w, lang, width });

		// Each worker has a context of its own per role (made when first
		// needed; a role's is signed in through the form): pages of one
		// context share one renderer process in Chromium, so workers
		// sharing contexts would take turns on one core.
		const contexts = [];
		const failedRoles = new Set();
		const worker = async () => {
			const mine = new Map(); // role → { page, guard }
			for (let t; (t = tasks.shift()) !== undefined;) {
				if (failedRoles.has(t.role))
					continue;
				if (!mine.has(t.role)) {
					let context;
					try {
						const opening = openContext(browser, server, t.role);
						contexts.push(opening);
						context = await opening;
					} catch (e) {
						if (!failedRoles.has(t.role))
							report(`signs in as ${t.role}`, [String(e.message).split('\n')[0]]);
						failedRoles.add(t.role);
						continue;
					}
					mine.set(t.role, await openPage(context, server));
				}
				const { page, guard } = mine.get(t.role);
				if (t.walk === undefined) {
					await testPage(page, server, t.entry, t.lang, t.width, guard, t.role);
					continue;
				}
				const label = `${t.lang} ${t.walk.name} ${t.width}px: keyboard walk`;
				try {
					await page.setViewportSize({ width: t.width, height: HEIGHT[t.width] ?? 800 });
					for (const r of await walk(page, url(server.base, t.lang, t.walk.path)))
						report(`${label}: ${r.name}`, r.problems);
				} catch (e) {
					report(label, [String(e.message).split('\n')[0]]);
				}
			}
			for (const { page } of mine.values())
				await page.close();
		};
		await Promise.all(Array.from({ length: JOBS }, worker));
		if (only.test('selfcheck')) {
			const opening = openContext(browser, server, null);
			contexts.push(opening);
			const context = await opening;
			const { page, guard } = await openPage(context, server);
			await selfCheck(page, server, guard);
			await page.close();
		}
		for (const c of contexts)
			await (await c.catch(() => null))?.close();
	} catch (e) {
		report('the browser runs the tests', [e.stack ?? String(e)]);
	} finally {
		if (browser)
			await browser.close().catch(() => {});
		const wrong = await server.stop();
		report('the server exits cleanly (no sanitizer report)', wrong ? [wrong] : []);
		if (failures === 0)
			server.remove();
		else
			diag(`server log and database kept in ${server.dir}`);
	}
	diag(`screenshots in ${ARTIFACTS}`);
}

for (const sig of ['SIGINT', 'SIGTERM'])
	process.on(sig, () => process.exit(1)); // runs the 'exit' handlers
await main();
console.log(`1..${n}`);
process.exit(failures > 0 || n === 0 ? 1 : 0);
