// server.mjs — a fresh database with the shipped data and one account per
// role, and the real server on a free loopback port.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PASSWORD = 'browser tests only, never in production';

// data/plans first: the directory and the action cards name its units.
const DATA_DIRS = ['data/plans', 'data/services', 'data/cards'];
// And a plan whose units have units below them, which the shipped plans
// lack: the pages of a parent unit (the report page's units below, the
// overview's tree of units).
const FIXTURES = ['tests/integration/fixtures/units-plan.json'];

// Runs the CLI (asynchronously: the browser starts meanwhile).
function tiltak(bin, args, input) {
	return new Promise((resolve, reject) => {
		const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 });
		let out = '', err = '';
		child.stdout.on('data', (b) => { out += b; });
		child.stderr.on('data', (b) => { err += b; });
		child.on('error', reject);
		child.on('close', (code, signal) => {
			if (code === 0)
				resolve(out);
			else
				reject(new Error(`${bin} ${args.join(' ')}: exit ${code ?? signal}\n${err}`));
		});
		child.stdin.end(input ?? '');
	});
}

// Makes the database, starts `tiltak serve`; resolves to
// { base, port, dir, stop() }.
export async function startServer(bin, root, accounts) {
	const dir = mkdtempSync(join(process.env.TMPDIR ?? tmpdir(), 'tiltak-browser.'));
	const db = join(dir, 'tiltak.db');
	for (const d of DATA_DIRS) {
		const abs = join(root, d);
		if (!existsSync(abs))
			continue;
		const files = readdirSync(abs).filter((f) => f.endsWith('.json')).sort().map((f) => join(abs, f));
		if (files.length > 0)
			await tiltak(bin, ['import', '--db', db, ...files]);
	}
	await tiltak(bin, ['import', '--db', db, ...FIXTURES.map((f) => join(root, f))]);
	for (const a of Object.values(accounts))
		await tiltak(bin, ['user', 'add', '--db', db, ...a.args, a.email], PASSWORD + '\n');

	const log = join(dir, 'server.log');
	const child = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:0'],
		{ stdio: ['ignore', 'pipe', openSync(log, 'w')] });
	const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
	const port = await new Promise((resolve, reject) => {
		let out = '';
		const timer = setTimeout(() => reject(new Error('the server did not say where it listens within 30 s')), 30_000);
		child.stdout.on('data', (b) => {
			out += b;
			const m = /tiltak: serving http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
			if (m) {
				clearTimeout(timer);
				resolve(Number(m[1]));
			}
		});
		exited.then((s) => {
			clearTimeout(timer);
			reject(new Error(`the server exited (${JSON.stringify(s)}): ${readFileSync(log, 'utf8').slice(-2000)}`));
		});
	});
	child.stdout.resume();
	// However this process ends (a deadline, a signal), the server ends too.
	const killOnExit = () => child.kill('SIGKILL');
	process.on('exit', killOnExit);
	return {
		base: `http://127.0.0.1:${port}`,
		port,
		dir,
		log,
		// Stops the server with SIGTERM; resolves to what went wrong
		// (an exit other than 0, a sanitizer's report), or null.
		async stop() {
			if (child.exitCode === null && child.signalCode === null)
				child.kill('SIGTERM');
			const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
			const s = await exited;
			process.off('exit', killOnExit);
			clearTimeout(t);
			const text = readFileSync(log, 'utf8');
			const san = text.split('\n').filter((l) => /AddressSanitizer|LeakSanitizer|runtime error:/.test(l));
			if (s.code !== 0 || san.length > 0)
				return `exit ${JSON.stringify(s)}; ${san.slice(0, 5).join(' | ') || text.slice(-1500)}`;
			return null;
		},
		remove() {
			rmSync(dir, { recursive: true, force: true });
		},
	};
}
