// Page object for the demo storefront with the Cellar Door widget embedded.
// Playwright CSS selectors pierce OPEN shadow roots, so plain [data-testid] selectors reach
// into <cellar-door-widget>'s shadow tree.

import { BASE, FIRST_LOAD_MS, UI_MS, loadWithOneRetry } from '../lib/browser.mjs';

const tid = (id) => `[data-testid="${id}"]`;

export class Storefront {
  /** @param {import('playwright-core').Page} page */
  constructor(page, base = BASE) {
    this.page = page;
    this.base = base;
  }

  url(path = '/') {
    return new URL(path, this.base + '/').toString();
  }

  /**
   * Opens the storefront signed in as a seeded subscriber through the demo shop's "Signed in as"
   * switcher (`?as=<subscriber id>`), and waits until the shop has fetched that subscriber's
   * token (GET /api/dev/subscriber-token) so the widget will be opened as them.
   */
  async gotoAs(subscriberId, path = '/') {
    const u = new URL(path, this.base + '/');
    u.searchParams.set('as', subscriberId);
    const token = this.page
      .waitForResponse((r) => new URL(r.url()).pathname === '/api/dev/subscriber-token', { timeout: FIRST_LOAD_MS })
      .catch(() => null);
    const res = await this.goto(u.pathname + u.search);
    const tokenRes = await token;
    if (tokenRes && !tokenRes.ok()) throw new Error(`GET /api/dev/subscriber-token → ${tokenRes.status()}`);
    // Let the shop hand the token to the loader (data-subscriber-token / CellarDoor.identify).
    await this.page.waitForTimeout(300);
    return res;
  }

  async goto(path = '/', { waitUntil = 'load' } = {}) {
    const res = await loadWithOneRetry(() => this.page.goto(this.url(path), { waitUntil, timeout: FIRST_LOAD_MS }));
    if (!res || !res.ok()) throw new Error(`GET ${path} → ${res ? res.status() : 'no response'}`);
    await this.launcher().waitFor({ state: 'visible', timeout: UI_MS });
    return res;
  }

  async reload() {
    await loadWithOneRetry(() => this.page.reload({ waitUntil: 'load', timeout: FIRST_LOAD_MS }));
    await this.launcher().waitFor({ state: 'visible', timeout: UI_MS });
  }

  byTestId(id) {
    return this.page.locator(tid(id));
  }

  host() {
    return this.page.locator('cellar-door-widget');
  }
  launcher() {
    return this.byTestId('cd-launcher');
  }
  root() {
    return this.byTestId('cd-root');
  }
  panel() {
    return this.byTestId('cd-panel');
  }
  closeButton() {
    return this.byTestId('cd-close');
  }
  connection() {
    return this.byTestId('cd-connection');
  }
  composer() {
    return this.byTestId('cd-composer');
  }
  sendButton() {
    return this.byTestId('cd-send');
  }
  counter() {
    return this.byTestId('cd-counter');
  }
  error() {
    return this.byTestId('cd-error');
  }
  messages() {
    return this.byTestId('cd-message');
  }
  lastMessage() {
    return this.messages().last();
  }

  /** Messages whose body text is exactly `text` (optionally only in `state`). */
  messageWithBody(text, state) {
    const sel = state ? `${tid('cd-message')}[data-state="${state}"]` : tid('cd-message');
    return this.page.locator(sel).filter({
      has: this.page.locator(tid('cd-message-body')).filter({ hasText: exact(text) }),
    });
  }

  /** Clicks the launcher and waits for the panel (first open loads wasm: generous timeout). */
  async open({ timeout = FIRST_LOAD_MS } = {}) {
    await this.launcher().click();
    await this.panel().waitFor({ state: 'visible', timeout });
  }

  /**
   * Opens the widget (first open of this page) and returns the JSON of the 200 response to
   * POST /api/v1/widget/session, i.e. {conversation_id, subscriber, …}.
   */
  async openCapturingSession({ timeout = FIRST_LOAD_MS } = {}) {
    const session = this.page.waitForResponse(
      (r) => new URL(r.url()).pathname === '/api/v1/widget/session' && r.request().method() === 'POST' && r.status() === 200,
      { timeout },
    );
    await this.open({ timeout });
    return (await session).json();
  }

  /** Closes with the panel's close button and waits for the panel to be hidden. */
  async close() {
    await this.closeButton().click();
    await this.panel().waitFor({ state: 'hidden', timeout: UI_MS });
  }

  /** Waits until the connection indicator says online. */
  async waitOnline(timeout = FIRST_LOAD_MS) {
    await this.page.locator(`${tid('cd-connection')}[data-state="online"]`).waitFor({ state: 'attached', timeout });
  }

  async send(text) {
    const c = this.composer();
    await c.fill(text);
    await c.press('Enter');
  }

  /** Waits for a cd-message with body `text` and data-state=sent; returns its locator. */
  async waitForSent(text, timeout = FIRST_LOAD_MS) {
    const loc = this.messageWithBody(text, 'sent').first();
    await loc.waitFor({ state: 'visible', timeout });
    return loc;
  }

  greeting() {
    return this.byTestId('cd-greeting');
  }
  identityNotice() {
    return this.byTestId('cd-identity-notice');
  }
  availability() {
    return this.byTestId('cd-availability');
  }
  typing() {
    return this.byTestId('cd-typing');
  }
  /** The unread badge on the launcher (drawn by loader.js). */
  unreadBadge() {
    return this.byTestId('cd-unread-badge');
  }
  /** cd-message elements with data-author = visitor|agent|system. */
  messagesBy(author) {
    return this.page.locator(`${tid('cd-message')}[data-author="${author}"]`);
  }
  systemMessages() {
    return this.messagesBy('system');
  }
  /** The connection indicator when its data-state is `state`. */
  connectionIn(state) {
    return this.page.locator(`${tid('cd-connection')}[data-state="${state}"]`);
  }

  /** Messages with body `text` by `author` (any state). */
  messageFrom(author, text) {
    return this.messagesBy(author).filter({
      has: this.page.locator(tid('cd-message-body')).filter({ hasText: exact(text) }),
    });
  }

  /** Waits for a message from `author` with body `text`; returns its locator. */
  async waitForMessage(text, { author = 'agent', timeout = UI_MS } = {}) {
    const loc = this.messageFrom(author, text).first();
    await loc.waitFor({ state: 'visible', timeout });
    return loc;
  }

  /** A visitor message with body `text` that the server has acked: data-state sent or read. */
  delivered(text) {
    return this.page
      .locator(`${tid('cd-message')}[data-state="sent"], ${tid('cd-message')}[data-state="read"]`)
      .filter({ has: this.page.locator(tid('cd-message-body')).filter({ hasText: exact(text) }) });
  }

  /** Waits until the message `text` is acked (sent, or already read); returns its locator. */
  async waitForDelivered(text, timeout = FIRST_LOAD_MS) {
    const loc = this.delivered(text).first();
    await loc.waitFor({ state: 'visible', timeout });
    return loc;
  }

  /** Every rendered message as {author, seq, state, body}, in DOM order. */
  async transcript() {
    return this.messages().evaluateAll((els) =>
      els.map((e) => ({
        author: e.getAttribute('data-author'),
        seq: e.getAttribute('data-seq'),
        state: e.getAttribute('data-state'),
        body: (e.querySelector('[data-testid="cd-message-body"]')?.textContent ?? '').trim(),
      })),
    );
  }

  /** Body texts of all rendered messages, in DOM order. */
  async messageBodies() {
    return this.page.locator(tid('cd-message-body')).allTextContents();
  }

  /**
   * Computed style property of the first element matching a locator.
   * @param {import('playwright-core').Locator} locator
   */
  async computed(locator, prop) {
    return locator.first().evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), prop);
  }

  /**
   * Installs a MutationObserver on the widget's shadow root that logs every data-state a
   * cd-message shows (on insertion and on each change, with the previous value), so short-lived
   * states like "sending" are observed even if the ack arrives within milliseconds.
   */
  async startStateRecorder() {
    await this.host().evaluate((host) => {
      const root = host.shadowRoot;
      if (!root) throw new Error('cellar-door-widget has no open shadow root');
      const log = (window.__cdStateLog = []);
      const bodyOf = (el) => el.querySelector('[data-testid="cd-message-body"]')?.textContent ?? null;
      const record = (el, oldValue) => log.push({ body: bodyOf(el), state: el.getAttribute('data-state'), old: oldValue ?? null, t: performance.now() });
      const visit = (node) => {
        if (node.nodeType !== 1) return;
        if (node.matches('[data-testid="cd-message"]')) record(node);
        node.querySelectorAll?.('[data-testid="cd-message"]').forEach((m) => record(m));
      };
      const obs = new MutationObserver((muts) => {
        for (const m of muts) {
          if (m.type === 'attributes') {
            if (m.target.matches?.('[data-testid="cd-message"]')) record(m.target, m.oldValue);
            continue;
          }
          if (m.type === 'childList') m.addedNodes.forEach(visit);
          // Body text filled in after insertion: re-record the enclosing message.
          const el = m.target.nodeType === 1 ? m.target : m.target.nodeType === 3 ? m.target.parentElement : null;
          const msg = el?.closest('[data-testid="cd-message"]');
          if (msg) record(msg);
        }
      });
      obs.observe(root, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-state'], attributeOldValue: true });
      window.__cdStateObserver = obs;
    });
  }

  /** States recorded for messages whose body (trimmed) is `text`, in order, incl. old values. */
  async recordedStates(text) {
    return this.page.evaluate((t) => {
      const out = [];
      for (const e of window.__cdStateLog || []) {
        if ((e.body ?? '').trim() !== t.trim()) continue;
        if (e.old) out.push(e.old);
        out.push(e.state);
      }
      return out;
    }, text);
  }

  // ---- Self-service: "My subscription" (identified subscribers only) ----------------------

  subscriptionTab() {
    return this.byTestId('sub-open');
  }
  subCard() {
    return this.byTestId('sub-card');
  }
  subStatus() {
    return this.byTestId('sub-status');
  }
  subNextBox() {
    return this.byTestId('sub-next-box');
  }
  subPreview() {
    return this.byTestId('sub-preview');
  }
  subError() {
    return this.byTestId('sub-error');
  }
  subSuccess() {
    return this.byTestId('sub-success');
  }
  fieldError(field) {
    return this.byTestId(`field-error-${field}`);
  }
  cancelOffer() {
    return this.byTestId('cancel-offer');
  }
  cancelConfirm() {
    return this.byTestId('cancel-confirm');
  }

  /** Opens the panel (if closed) and the "My subscription" tab; waits for the plan card. */
  async openSubscription() {
    if (!(await this.panel().isVisible())) await this.open();
    await this.subscriptionTab().click({ timeout: FIRST_LOAD_MS });
    await this.subCard().waitFor({ state: 'visible', timeout: UI_MS });
  }

  /** Opens an action's form from the card: pause, resume, skip, frequency, address. */
  async startAction(name) {
    await this.byTestId(`sub-action-${name}`).click();
    await this.page.locator(`${tid('sub-form')}[data-action]`).waitFor({ state: 'visible', timeout: UI_MS });
  }

  /** Waits until the preview line matches `pattern` and returns its text. */
  async waitForPreview(pattern, timeout = UI_MS) {
    await this.page.locator(tid('sub-preview')).filter({ hasText: pattern }).waitFor({ state: 'visible', timeout });
    return (await this.subPreview().textContent()).trim();
  }

  /** Confirms the previewed change and waits for the card's "Done. Reference …" line. */
  async confirmChange() {
    await this.byTestId('sub-confirm').click();
    await this.subSuccess().waitFor({ state: 'visible', timeout: UI_MS });
    return (await this.subSuccess().textContent()).trim();
  }

  /** Types `values` ({postal_code: '…', …}) into the address form and asks for a review. */
  async fillAddress(values) {
    for (const [field, value] of Object.entries(values)) {
      await this.byTestId(`sub-address-${field}`).fill(value);
    }
    await this.byTestId('sub-review').click();
  }

  /** Opens the cancel flow from the card ("Cancel subscription"). */
  async openCancel() {
    await this.byTestId('sub-cancel-open').click();
    await this.cancelConfirm().waitFor({ state: 'visible', timeout: UI_MS });
  }

  async pickCancelReason(reason) {
    await this.byTestId(`cancel-reason-${reason}`).check();
  }

  // ---- Surveys (CSAT, CES, NPS): a card above the composer or atop "My subscription" ------

  surveyCard() {
    return this.byTestId('survey-card');
  }

  /** Waits for the survey card and returns its kind (`csat`, `ces`, `nps`). */
  async waitForSurvey(timeout = UI_MS) {
    await this.surveyCard().waitFor({ state: 'visible', timeout });
    return this.surveyCard().getAttribute('data-kind');
  }

  /** Picks `score`, types `comment` (if any), sends, and waits for the thank-you. */
  async answerSurvey(score, comment) {
    await this.byTestId(`survey-score-${score}`).click();
    if (comment) await this.byTestId('survey-comment').fill(comment);
    await this.byTestId('survey-submit').click();
    await this.byTestId('survey-thanks').waitFor({ state: 'visible', timeout: UI_MS });
  }

  /** Closes the survey with its ×. */
  async dismissSurvey() {
    await this.byTestId('survey-dismiss').click();
    await this.surveyCard().waitFor({ state: 'detached', timeout: UI_MS });
  }

  /** True if `locator`'s element is the focused element of its own (shadow) root. */
  async isFocused(locator) {
    return locator.first().evaluate((el) => el.getRootNode().activeElement === el);
  }
}

export function exact(text) {
  // hasText normalises whitespace; anchor to match the whole body.
  const norm = text.replace(/\s+/g, ' ').trim();
  return new RegExp('^\\s*' + norm.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '\\s*$');
}
