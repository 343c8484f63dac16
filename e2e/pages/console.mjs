// Page object for the agent console at /console/ (sign-in, shell, queue, conversation).
// Elements are found by the data-testids of the live-chat contract.

import { BASE, FIRST_LOAD_MS, UI_MS, loadWithOneRetry } from '../lib/browser.mjs';
import { exact } from './storefront.mjs';

/** Seeded agents of demo-wines ({email, password, name, role}), shared with the edge suite. */
export { AGENTS } from '../../edge/tests/helpers.mjs';

const tid = (id) => `[data-testid="${id}"]`;

/** Queue sections: Waiting, Mine, Others, Resolved. */
export const SECTIONS = ['waiting', 'mine', 'others', 'resolved'];

export class ConsoleApp {
  /** @param {import('playwright-core').Page} page */
  constructor(page, base = BASE) {
    this.page = page;
    this.base = base;
  }

  url(path = '/console/') {
    return new URL(path, this.base + '/').toString();
  }

  byTestId(id) {
    return this.page.locator(tid(id));
  }

  /** Loads /console/ and waits for either the sign-in form or the signed-in shell. */
  async goto(path = '/console/') {
    const res = await loadWithOneRetry(() => this.page.goto(this.url(path), { waitUntil: 'load', timeout: FIRST_LOAD_MS }));
    if (!res || !res.ok()) throw new Error(`GET ${path} → ${res ? res.status() : 'no response'}`);
    await this.page.locator(`${tid('console-email')}, ${tid('console-agent-name')}`).first().waitFor({ state: 'visible', timeout: FIRST_LOAD_MS });
    return res;
  }

  async reload() {
    await loadWithOneRetry(() => this.page.reload({ waitUntil: 'load', timeout: FIRST_LOAD_MS }));
    await this.page.locator(`${tid('console-email')}, ${tid('console-agent-name')}`).first().waitFor({ state: 'visible', timeout: FIRST_LOAD_MS });
  }

  // --- sign-in -------------------------------------------------------------------------------
  email() {
    return this.byTestId('console-email');
  }
  password() {
    return this.byTestId('console-password');
  }
  submit() {
    return this.byTestId('console-signin-submit');
  }
  signInError() {
    return this.byTestId('console-signin-error');
  }

  /** Fills the sign-in form and submits it (whatever the outcome). */
  async submitSignIn(email, password) {
    if (!(await this.email().isVisible())) await this.goto();
    await this.email().fill(email);
    await this.password().fill(password);
    await this.submit().click();
  }

  /** Signs `agent` ({email, password, name}) in and waits for the shell with their name. */
  async signIn(agent) {
    await this.submitSignIn(agent.email, agent.password);
    await this.agentName().filter({ hasText: agent.name }).waitFor({ state: 'visible', timeout: FIRST_LOAD_MS });
  }

  // --- shell ---------------------------------------------------------------------------------
  agentName() {
    return this.byTestId('console-agent-name');
  }
  signOutButton() {
    return this.byTestId('console-signout');
  }
  presence() {
    return this.byTestId('console-presence');
  }

  /** Signs out and waits for the sign-in form. */
  async signOut() {
    await this.signOutButton().click();
    await this.email().waitFor({ state: 'visible', timeout: UI_MS });
  }

  // --- queue ---------------------------------------------------------------------------------
  /** A queue section: waiting | mine | others | resolved. */
  section(name) {
    if (!SECTIONS.includes(name)) throw new Error(`unknown queue section ${name}`);
    return this.byTestId(`queue-${name}`);
  }

  /** The queue item of a conversation, in `section` if given. */
  queueItem(conversationId, section) {
    const sel = `${tid('queue-item')}[data-conversation-id="${conversationId}"]`;
    return section ? this.section(section).locator(sel) : this.page.locator(sel);
  }

  /** Waits for the conversation's queue item (in `section` if given); returns its locator. */
  async waitForQueueItem(conversationId, section, timeout = UI_MS) {
    const loc = this.queueItem(conversationId, section).first();
    await loc.waitFor({ state: 'visible', timeout });
    return loc;
  }

  /** Opens a conversation from the queue and waits for its panel. */
  async openConversation(conversationId, timeout = UI_MS) {
    const item = await this.waitForQueueItem(conversationId, undefined, timeout);
    await item.click();
    await this.panel().waitFor({ state: 'visible', timeout });
    await this.byTestId('conv-messages').waitFor({ state: 'visible', timeout });
  }

  // --- conversation --------------------------------------------------------------------------
  panel() {
    return this.byTestId('conv-panel');
  }
  messages() {
    return this.byTestId('conv-message');
  }
  composer() {
    return this.byTestId('conv-composer');
  }
  typing() {
    return this.byTestId('conv-typing');
  }

  /** conv-message elements by `author` (visitor|agent|system) with body `text`. */
  messageFrom(author, text) {
    const sel = author ? `${tid('conv-message')}[data-author="${author}"]` : tid('conv-message');
    return this.page.locator(sel).filter({
      has: this.page.locator(tid('conv-message-body')).filter({ hasText: exact(text) }),
    });
  }

  /** Waits for a message with body `text` (by `author` if given); returns its locator. */
  async waitForMessage(text, { author, timeout = UI_MS } = {}) {
    const loc = this.messageFrom(author, text).first();
    await loc.waitFor({ state: 'visible', timeout });
    return loc;
  }

  /** Every rendered message as {author, seq, body}, in DOM order. */
  async transcript() {
    return this.messages().evaluateAll((els) =>
      els.map((e) => ({
        author: e.getAttribute('data-author'),
        seq: e.getAttribute('data-seq'),
        body: (e.querySelector('[data-testid="conv-message-body"]')?.textContent ?? '').trim(),
      })),
    );
  }

  /** Writes `text` in the composer and sends it with Enter. */
  async send(text) {
    const c = this.composer();
    await c.fill(text);
    await c.press('Enter');
  }

  /** Claims the open conversation and waits until it is in Mine. */
  async claim(conversationId) {
    await this.byTestId('conv-claim').click();
    if (conversationId) await this.waitForQueueItem(conversationId, 'mine');
  }

  /** Transfers the open conversation to the agent whose name contains `name`. */
  async transferTo(name) {
    const select = this.byTestId('conv-transfer-select');
    const option = select.locator('option').filter({ hasText: name }).first();
    await option.waitFor({ state: 'attached', timeout: UI_MS });
    const value = await option.getAttribute('value');
    await select.selectOption(value ?? { label: (await option.textContent()) ?? name });
    await this.byTestId('conv-transfer').click();
  }

  async resolve() {
    await this.byTestId('conv-resolve').click();
  }

  /** Escalates the open conversation to the specialist queue with `note`. */
  async escalate(note) {
    await this.byTestId('conv-escalate-note').fill(note);
    await this.byTestId('conv-escalate').click();
  }

  // --- context panel: subscriptions on the subscriber's behalf --------------------------------
  contextPanel() {
    return this.byTestId('ctx-panel');
  }

  /** The card of a subscription in the context panel. */
  subscriptionCard(subscriptionId) {
    return this.page.locator(`${tid('ctx-sub-card')}[data-subscription-id="${subscriptionId}"]`);
  }

  /** Waits for a subscription's card in the context panel; returns its locator. */
  async waitForSubscriptionCard(subscriptionId, timeout = UI_MS) {
    const card = this.subscriptionCard(subscriptionId);
    await card.waitFor({ state: 'visible', timeout });
    return card;
  }

  /** The ISO date of the card's next box (its data-date), or null. */
  async nextBoxOf(card) {
    const next = card.locator(tid('ctx-sub-next-box'));
    if ((await next.count()) === 0) return null;
    return next.getAttribute('data-date');
  }

  /**
   * Opens an action's form on a card (`skip`, `pause`, `resume`, `frequency`, `address`,
   * `cancel`) and returns its form locator.
   */
  async openSubscriptionAction(card, action) {
    await card.locator(tid(`ctx-sub-action-${action}`)).click();
    const form = card.locator(tid('ctx-sub-form'));
    await form.waitFor({ state: 'visible', timeout: UI_MS });
    return form;
  }

  /** Asks for the preview if the form has not already (skip and resume ask at once); returns its text. */
  async previewSubscriptionAction(card) {
    const preview = card.locator(tid('ctx-sub-preview'));
    const button = card.locator(tid('ctx-sub-preview-button'));
    await preview.or(button).or(card.locator(tid('ctx-sub-error'))).first().waitFor({ state: 'visible', timeout: UI_MS });
    // Skip and resume ask for their preview as soon as they open: the button is then busy
    // (disabled) and the preview replaces it, so only an enabled button is clicked.
    // (isEnabled waits for the element, which may be gone by then: a short timeout, and a
    // vanished button counts as not clickable.)
    if (!(await preview.isVisible()) && (await button.isEnabled({ timeout: 500 }).catch(() => false))) {
      await button.click({ timeout: 2_000 }).catch(() => {});
    }
    await preview.or(card.locator(tid('ctx-sub-error'))).first().waitFor({ state: 'visible', timeout: UI_MS });
    if (!(await preview.isVisible())) {
      throw new Error(`no preview: ${(await card.locator(tid('ctx-sub-error')).textContent()) ?? ''}`);
    }
    return ((await preview.textContent()) ?? '').trim();
  }

  /** Confirms the previewed change and waits for the card's success line; returns its text. */
  async confirmSubscriptionAction(card) {
    await card.locator(tid('ctx-sub-confirm')).click();
    const result = card.locator(tid('ctx-sub-result'));
    await result.or(card.locator(tid('ctx-sub-error'))).first().waitFor({ state: 'visible', timeout: UI_MS });
    if (!(await result.isVisible())) {
      throw new Error(`change not applied: ${(await card.locator(tid('ctx-sub-error')).textContent()) ?? ''}`);
    }
    return ((await result.textContent()) ?? '').trim();
  }

  /** Rows of the subscriptions' audit log, newest first. */
  auditRows() {
    return this.byTestId('ctx-audit-row');
  }

  /** An audit row as {actor, action, who, effect, reference}. */
  async auditRow(row) {
    return row.evaluate((e) => ({
      actor: e.getAttribute('data-actor'),
      action: e.getAttribute('data-action'),
      eventId: e.getAttribute('data-event-id'),
      who: (e.querySelector('[data-testid="ctx-audit-who"]')?.textContent ?? '').trim(),
      effect: (e.querySelector('[data-testid="ctx-audit-effect"]')?.textContent ?? '').trim(),
      reference: (e.querySelector('[data-testid="ctx-audit-ref"]')?.textContent ?? '').trim(),
    }));
  }

  // --- metrics dashboard -------------------------------------------------------------------
  /** Switches to the dashboard and waits for its tiles (or its error/empty state). */
  async openDashboard(timeout = UI_MS) {
    await this.byTestId('console-nav-dashboard').click();
    await this.byTestId('dashboard').waitFor({ state: 'visible', timeout });
    await this.byTestId('dash-tiles').or(this.byTestId('dash-error')).first().waitFor({ state: 'visible', timeout });
    if (await this.byTestId('dash-error').isVisible()) {
      throw new Error(`dashboard failed: ${(await this.byTestId('dash-error').textContent()) ?? ''}`);
    }
  }

  /** Back to the inbox. */
  async openInbox() {
    await this.byTestId('console-nav-inbox').click();
  }

  /** A metric's tile (`csat`, `nps`, `frt_median`, …). */
  tile(metric) {
    return this.byTestId(`dash-tile-${metric}`);
  }

  /** A tile as {value (as shown), number (rounded, no unit; '' without data), standing, sample}. */
  async tileValue(metric) {
    return this.tile(metric).evaluate((e, m) => {
      const v = e.querySelector(`[data-testid="dash-tile-${m}-value"]`);
      return {
        value: (v?.textContent ?? '').trim(),
        number: v?.getAttribute('data-value') ?? '',
        standing: e.getAttribute('data-standing'),
        standingText: (e.querySelector(`[data-testid="dash-tile-${m}-standing"]`)?.textContent ?? '').trim(),
        sample: (e.querySelector(`[data-testid="dash-tile-${m}-sample"]`)?.textContent ?? '').replace(/\D+/g, ''),
      };
    }, metric);
  }

  /** The dashboard's range inputs as {from, to} (YYYY-MM-DD). */
  async dashboardRange() {
    return { from: await this.byTestId('dash-from').inputValue(), to: await this.byTestId('dash-to').inputValue() };
  }

  /** The dashboard's survey comments as [{kind, score, agent, text}], newest first. */
  async surveyComments() {
    return this.page.locator('[data-testid="dash-comment"]').evaluateAll((items) =>
      items.map((e) => {
        const text = (id) => (e.querySelector(`[data-testid="${id}"]`)?.textContent ?? '').trim();
        return {
          kind: e.getAttribute('data-kind'),
          score: text('dash-comment-score'),
          agent: text('dash-comment-agent'),
          text: text('dash-comment-text'),
        };
      }),
    );
  }

  /**
   * Clicks a "Download CSV" button (`dash-csv-<name>`) and returns {filename, text} of the
   * file the browser downloads.
   */
  async downloadCsv(name, timeout = UI_MS) {
    const [download] = await Promise.all([
      this.page.waitForEvent('download', { timeout }),
      this.byTestId(`dash-csv-${name}`).click(),
    ]);
    const path = await download.path();
    const { readFile } = await import('node:fs/promises');
    return { filename: download.suggestedFilename(), text: await readFile(path, 'utf8') };
  }
}
