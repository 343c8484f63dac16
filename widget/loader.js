// Cellar Door loader: no request or storage before the first click.
(() => {
  const d = document, s = d.currentScript, T = 'cellar-door-widget';
  const D = s.dataset, base = new URL('.', s.src).href, api = new URL(s.src).origin;
  let M, tok, told; // mounted widget; the token from identify(), if it was called (else the tag's)
  // The launcher's text, in the widget's language (shared::lang::Lang: data-lang, else the
  // browser's, else English): label, failed load, unread count.
  const P = t => /^(en|es|fi|ru)(?![a-z])/i.exec(t)?.[1].toLowerCase();
  const L = {
    en: ['Open chat', 'Chat failed to load. Click to retry.', 'Unread messages: '],
    es: ['Abrir el chat', 'No se pudo cargar el chat. Haz clic para reintentar.', 'Mensajes sin leer: '],
    fi: ['Avaa chat', 'Chatin lataus epäonnistui. Yritä uudelleen napsauttamalla.', 'Lukemattomia viestejä: '],
    ru: ['Открыть чат', 'Не удалось загрузить чат. Нажмите, чтобы повторить.', 'Непрочитанных сообщений: '],
  }[P(D.lang) || P(navigator.language) || 'en'];
  window.CellarDoor = { identify(t) { tok = t; told = 1; M?.identify(t); } };
  const init = () => {
    if (d.querySelector(T)) return;
    const h = d.createElement(T), r = h.attachShadow({ mode: 'open' });
    r.innerHTML = `<style>
:host{all:initial!important;position:fixed!important;right:16px!important;bottom:16px!important;z-index:2147483647!important}
[hidden]{display:none!important}
#b{width:56px;height:56px;padding:0;border:0;border-radius:50%;display:grid;place-items:center;background:#7b1e3a;color:#fff;cursor:pointer;box-shadow:0 4px 14px #0005}
#b:focus-visible{outline:3px solid #7b1e3a;outline-offset:3px;box-shadow:0 0 0 3px #fff}
[aria-busy]{opacity:.6;cursor:progress}
#u{position:absolute;top:-4px;right:-4px;padding:0 6px;border-radius:9px;background:#d22;color:#fff;font:700 12px/18px sans-serif;pointer-events:none}
#r{position:absolute;right:0;bottom:72px;width:min(380px,100vw - 32px);height:min(560px,100vh - 120px);display:flex;flex-direction:column;overflow:hidden;background:#fff;border-radius:16px;box-shadow:0 12px 40px #0005}
</style><div id=r data-testid=cd-root hidden></div><button id=b data-testid=cd-launcher aria-label="${L[0]}" aria-expanded=false aria-controls=r><svg width=28 height=28 viewBox="0 0 24 24" fill=currentColor aria-hidden=true><path d="M4 3h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-5 4V5a2 2 0 0 1 1-2z"/></svg></button><span id=u data-testid=cd-unread-badge role=img hidden></span>`;
    const p = r.getElementById('r'), b = p.nextSibling, u = b.nextSibling;
    let n = 0; // failed loads
    const show = o => { p.hidden = !o; b.ariaExpanded = o; };
    b.onclick = async () => {
      if (b.ariaBusy) return; // loading
      if (!p.hidden) return p.dispatchEvent(new CustomEvent('cd-close'));
      if (!M) {
        b.ariaBusy = true;
        try {
          const m = await import(base + 'widget.js' + (n ? '?r=' + n : '')); // failed imports are cached
          await m.default({ module_or_path: base + 'widget_bg.wasm' });
          m.mount(p, { merchant: D.merchant, api, lang: D.lang, token: told ? tok : D.subscriberToken });
          M = m;
          b.title = '';
        } catch (e) {
          n++;
          b.title = L[1];
          console.error(e);
        }
        b.ariaBusy = null;
        if (!M) return;
      }
      show(true);
      p.dispatchEvent(new CustomEvent('cd-open'));
    };
    p.addEventListener('cd-close', () => { show(false); b.focus(); });
    p.addEventListener('cd-unread', ({ detail: c }) => {
      u.hidden = !c;
      u.textContent = c;
      u.ariaLabel = L[2] + c;
    });
    d.body.append(h);
  };
  d.body ? init() : d.addEventListener('DOMContentLoaded', init);
})();
