// CSAT end to end: Ava chats, Maya claims and resolves; the widget asks Ava how satisfied
// she was; Ava rates 5 with a comment; Maya's dashboard counts the answer (CSAT tile, the
// comments list) and the tiles' CSV says what the tile shows.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowsers, uniqueText, FIRST_LOAD_MS, UI_MS } from '../lib/browser.mjs';
import { Storefront } from '../pages/storefront.mjs';
import { ConsoleApp, AGENTS } from '../pages/console.mjs';

/** The `csat` row of the tiles' CSV as {header: cell}. */
function csatRow(text) {
  const rows = text.trim().split(/\r?\n/).map((r) => r.split(','));
  const row = rows.find((r) => r[0] === 'csat');
  return Object.fromEntries(rows[0].map((h, i) => [h, row[i]]));
}

describe('surveys: CSAT after a resolved chat', { concurrency: 1, timeout: 240_000 }, () => {
  test('Ava rates Maya 5 with a comment; the dashboard and its CSV count it', (t) =>
    withBrowsers(t, ['ava', 'maya'], async ({ ava, maya }) => {
      const desk = new ConsoleApp(maya.page);
      await desk.goto();
      await desk.signIn(AGENTS.maya);
      await desk.openDashboard();
      const before = await desk.tileValue('csat');

      const shop = new Storefront(ava.page);
      await shop.gotoAs('sub_ava');
      const { conversation_id: id } = await shop.openCapturingSession();
      await shop.waitOnline();
      // A survey already waiting for Ava (e.g. NPS) shows first: not this test's.
      if (await shop.surveyCard().waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false)) {
        await shop.dismissSurvey();
      }
      const question = uniqueText('My last box arrived with a broken bottle.');
      await shop.send(question);
      await shop.waitForDelivered(question);

      await desk.openInbox();
      await desk.openConversation(id, FIRST_LOAD_MS);
      await desk.waitForMessage(question, { author: 'visitor' });
      // Ava's conversation may be Maya's already (an earlier spec on the same stack).
      const claim = desk.byTestId('conv-claim');
      await claim.or(desk.byTestId('conv-resolve')).first().waitFor({ state: 'visible', timeout: UI_MS });
      if (await claim.isVisible()) await desk.claim(id);
      await desk.resolve();

      assert.equal(await shop.waitForSurvey(UI_MS), 'csat');
      assert.match((await shop.surveyCard().textContent()) ?? '', /Maya/);
      // The chat stays usable beside the card.
      assert.equal(await shop.composer().isEnabled(), true);
      const comment = uniqueText('Maya sorted it out in minutes');
      await shop.answerSurvey(5, comment);
      await shop.surveyCard().waitFor({ state: 'detached', timeout: UI_MS });

      await desk.reload();
      await desk.openDashboard();
      const after = await desk.tileValue('csat');
      assert.equal(Number(after.sample), Number(before.sample || 0) + 1, 'one more CSAT answer');
      const n = Number(before.sample || 0);
      const expected = n === 0 ? 100 : ((Number(before.number) / 100) * n + 1) / (n + 1) * 100;
      // The tile rounds; the shown value moves towards 100 by this answer (±1 for rounding).
      assert.ok(Math.abs(Number(after.number) - expected) <= 1, `CSAT ${after.number}, expected about ${expected}`);

      const comments = await desk.surveyComments();
      const mine = comments.find((c) => c.text === comment);
      assert.ok(mine, `comment not listed: ${JSON.stringify(comments.slice(0, 3))}`);
      assert.equal(mine.kind, 'csat');
      assert.match(mine.score, /5/);
      assert.match(mine.agent, /Maya/);
      assert.equal(comments[0].text, comment, 'newest first');

      const csv = csatRow((await desk.downloadCsv('tiles')).text);
      assert.equal(csv.Value, after.number);
      assert.equal(csv.Sample, after.sample);
    }));
});
