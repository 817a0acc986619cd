// walk.mjs — a keyboard-only walk through one page: only Tab and Enter.
//
// Returns a list of { name, problems } (each one TAP line):
//   skip link    the first Tab stop is the skip link, shown on screen when
//                focused, and Enter on it moves on to <main>: the next Tab
//                stop is the first one inside <main>
//   focus        every stop shows a focus indicator: an outline at least
//                2 px wide, or a box-shadow, that the element does not
//                have unfocused (computed styles compared as focus arrives)
//   order        Tab visits every focusable element once, in DOM order,
//                no positive tabindex, and the order reads top to bottom,
//                left to right on screen

// Runs in the page: the focusable elements in DOM order, each marked with
// data-walk=INDEX, and their styles unfocused.
function survey() {
	const sel = 'a[href], area[href], button, input, select, textarea, summary, iframe, [tabindex], [contenteditable=""], [contenteditable=true]';
	const shown = (e) => {
		if (e.closest('[inert]') || e.disabled)
			return false;
		if (e.getClientRects().length === 0)
			return false;
		const cs = getComputedStyle(e);
		return cs.visibility !== 'hidden';
	};
	const all = [...document.querySelectorAll(sel)];
	const positive = all.filter((e) => e.tabIndex > 0).map((e) => e.outerHTML.slice(0, 80));
	const els = all.filter((e) => e.tabIndex >= 0 && !(e.type === 'hidden') && shown(e));
	if (document.activeElement && document.activeElement !== document.body)
		document.activeElement.blur();
	const style = (e) => {
		const cs = getComputedStyle(e);
		return {
			outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`,
			boxShadow: cs.boxShadow,
		};
	};
	// Every focus change from here on is recorded as it happens
	// (document coordinates do not depend on scrolling).
	window.__walk = [];
	document.addEventListener('focusin', (ev) => window.__walk.push(window.__focused(ev.target)));
	const main = document.querySelector('main');
	return {
		positive,
		items: els.map((e, i) => {
			e.dataset.walk = String(i);
			return {
				desc: `${e.tagName.toLowerCase()}${e.className ? '.' + String(e.className).trim().replace(/ +/g, '.') : ''} "${(e.textContent || e.value || e.name || '').trim().replace(/\s+/g, ' ').slice(0, 40)}"`,
				inMain: main !== null && main.contains(e),
				skip: e.matches('a[href="#main"]'),
				base: style(e),
			};
		}),
	};
}

// Runs in the page (installed as window.__focused): what the focused
// element is and shows.
function focused(target) {
	const e = target ?? document.activeElement;
	if (!e || e === document.body || e === document.documentElement)
		return null;
	const cs = getComputedStyle(e);
	const r = e.getClientRects()[0] ?? e.getBoundingClientRect();
	const box = e.getBoundingClientRect();
	const cx = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
	const cy = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
	const hit = document.elementFromPoint(cx, cy);
	return {
		index: e.dataset.walk === undefined ? -1 : Number(e.dataset.walk),
		html: e.outerHTML.slice(0, 80),
		outlineStyle: cs.outlineStyle,
		outlineWidth: parseFloat(cs.outlineWidth) || 0,
		outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`,
		boxShadow: cs.boxShadow,
		// The first line box, in document coordinates.
		top: r.top + scrollY, bottom: r.bottom + scrollY,
		left: r.left + scrollX, right: r.right + scrollX,
		inView: box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth &&
			box.width >= 1 && box.height >= 1,
		onTop: hit !== null && (hit === e || e.contains(hit)),
		hash: location.hash,
	};
}

function indicatorShown(f, base) {
	const outline = f.outlineStyle !== 'none' && f.outlineWidth >= 2 && f.outline !== base.outline;
	const shadow = f.boxShadow !== 'none' && f.boxShadow !== base.boxShadow;
	return outline || shadow;
}

export async function walk(page, address) {
	const results = [];
	const install = `window.__focused = ${focused.toString()};`;
	await page.goto(address, { waitUntil: 'load' });
	await page.evaluate(install);
	const { positive, items } = await page.evaluate(survey);
	if (items.length === 0)
		return [{ name: 'has focusable elements', problems: ['none found'] }];

	// ---- the skip link ----
	{
		const problems = [];
		await page.keyboard.press('Tab');
		const f = await page.evaluate(focused);
		if (f === null || f.index !== 0 || !items[0].skip) {
			problems.push(`first Tab stop is ${f ? f.html : 'nothing'}, expected the skip link a[href="#main"]`);
		} else {
			if (!f.inView || !f.onTop)
				problems.push('the focused skip link is not visible on screen');
			if (!indicatorShown(f, items[0].base))
				problems.push(`the focused skip link shows no focus indicator (outline ${f.outline}, box-shadow ${f.boxShadow})`);
			await page.keyboard.press('Enter');
			await page.keyboard.press('Tab');
			const g = await page.evaluate(focused);
			const first = items.findIndex((it) => it.inMain);
			if (g === null || g.hash !== '#main')
				problems.push(`Enter on the skip link did not go to #main (hash ${g ? g.hash : '?'})`);
			if (first >= 0 && (g === null || g.index !== first))
				problems.push(`after the skip link, Tab reaches ${g ? g.html : 'nothing'}, expected the first stop in <main>: ${items[first].desc}`);
		}
		results.push({ name: 'first stop is the skip link, visible, and leads to <main>', problems });
	}

	// ---- the whole walk, from the top again ----
	await page.goto(address, { waitUntil: 'load' });
	await page.evaluate(install);
	await page.evaluate(survey);
	for (let i = 0; i < items.length + 2; i++)
		await page.keyboard.press('Tab');
	const stops = [];
	for (const f of await page.evaluate(() => window.__walk)) {
		if (f === null || (stops.length > 0 && f.index === stops[0].index))
			break; // around again
		stops.push(f);
	}

	const noFocus = [];
	for (const f of stops) {
		const base = f.index >= 0 ? items[f.index].base : { outline: '', boxShadow: 'none' };
		if (!indicatorShown(f, base))
			noFocus.push(`${f.index >= 0 ? items[f.index].desc : f.html}: outline ${f.outline}, box-shadow ${f.boxShadow} (unfocused: outline ${base.outline}, box-shadow ${base.boxShadow})`);
	}
	results.push({ name: `all ${stops.length} stops show a focus indicator`, problems: noFocus.slice(0, 10).concat(noFocus.length > 10 ? [`… ${noFocus.length - 10} more`] : []) });

	const order = positive.map((p) => `positive tabindex: ${p}`);
	const seen = stops.map((f) => f.index);
	const want = items.map((_, i) => i);
	if (seen.join(',') !== want.join(',')) {
		const k = seen.findIndex((x, i) => x !== want[i]);
		order.push(`Tab visits ${seen.length} of ${items.length} focusable elements; at stop ${k + 1}: ${k < seen.length ? (seen[k] >= 0 ? items[seen[k]].desc : stops[k].html) : 'the end'}, expected ${k < items.length ? items[k].desc : 'the end'}`);
	}
	// On screen: each stop is below the previous one, or on the same row
	// (their first line boxes overlap vertically) and to its right.
	for (let i = 1; i < stops.length; i++) {
		const a = stops[i - 1], b = stops[i];
		const sameRow = b.top < a.bottom - 1 && a.top < b.bottom - 1;
		const ok = sameRow ? b.left >= a.left - 1 : b.top >= a.bottom - 1;
		if (!ok) {
			order.push(`stop ${i + 1} ${items[b.index]?.desc ?? b.html} (at ${Math.round(b.left)},${Math.round(b.top)}) comes after ${items[a.index]?.desc ?? a.html} (at ${Math.round(a.left)},${Math.round(a.top)}) but is above or to its left`);
			if (order.length > 8)
				break;
		}
	}
	results.push({ name: 'Tab order is the DOM order and reads top to bottom, left to right', problems: order });
	return results;
}
