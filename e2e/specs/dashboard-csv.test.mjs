// Metrics dashboard CSV: Maya opens the dashboard; the CSAT chart's CSV downloads with a
// name that says the range, and both it and the tiles' CSV say what the CSAT tile shows.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser } from '../lib/browser.mjs';
import { ConsoleApp, AGENTS } from '../pages/console.mjs';

const MAYA = AGENTS.maya;

/** Parses simple CSV (quoted fields with doubled quotes, CRLF rows) into arrays of cells. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

describe('dashboard CSV', { concurrency: 1, timeout: 120_000 }, () => {
  test('the CSAT CSV is named after the range and matches the tile', (t) =>
    withBrowser(t, async ({ page }) => {
      const desk = new ConsoleApp(page);
      await desk.goto();
      await desk.signIn(MAYA);
      await desk.openDashboard();

      const tile = await desk.tileValue('csat');
      const { from, to } = await desk.dashboardRange();
      assert.match(from, /^\d{4}-\d{2}-\d{2}$/);

      // The CSAT chart's table: one row per week.
      const chart = await desk.downloadCsv('csat');
      assert.equal(chart.filename, `csat-weekly-${from}_${to}.csv`);
      const rows = parseCsv(chart.text);
      assert.deepEqual(rows[0], ['Period starting', 'Value', 'Unit', 'Sample']);
      const weeks = rows.slice(1);
      assert.ok(weeks.length >= 4, `expected at least 4 weeks, got ${weeks.length}`);
      for (const [start, , unit] of weeks) {
        assert.match(start, /^\d{4}-\d{2}-\d{2}$/);
        assert.equal(unit, 'percent');
      }
      const withData = weeks.filter(([, value]) => value !== '');
      const answers = weeks.reduce((n, [, , , sample]) => n + Number(sample), 0);
      if (tile.number === '') {
        assert.equal(tile.value, '—');
        assert.equal(withData.length, 0, 'CSV has CSAT values but the tile has none');
      } else {
        assert.ok(withData.length > 0, 'tile has a CSAT value but the CSV has none');
        if (withData.length === 1) assert.equal(withData[0][1], tile.number, 'one rated week: CSV value ≠ tile');
        assert.equal(String(answers), tile.sample, 'answers in the CSV ≠ the tile sample');
      }

      // The tiles' table says exactly what the tile shows (same rounding).
      const tiles = await desk.downloadCsv('tiles');
      assert.equal(tiles.filename, `metrics-${from}_${to}.csv`);
      const table = parseCsv(tiles.text);
      const header = table[0];
      const csat = Object.fromEntries(header.map((h, i) => [h, table.find((r) => r[0] === 'csat')[i]]));
      assert.equal(csat.Value, tile.number);
      assert.equal(csat.Sample, tile.sample);
      assert.equal(csat.Standing, tile.standingText);
      assert.equal(tile.value, tile.number === '' ? '—' : `${csat.Value}%`);
    }));
});
