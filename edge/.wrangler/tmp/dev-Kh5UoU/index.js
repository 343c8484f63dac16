var __defProp = Object.defineProperty;
var __name = (target, value) => __defProp(target, "name", { value, configurable: true });

// build/index.js
import { WorkerEntrypoint as me } from "cloudflare:workers";
import X from "./3a3797f63dcac5360087e48098c2f29a70f9cce4-index_bg.wasm";
var H = globalThis.__worker_init_state = { criticalError: false, instanceId: 0 };
var x = class {
  static {
    __name(this, "x");
  }
  __destroy_into_raw() {
    let e = this.__wbg_ptr;
    return this.__wbg_ptr = 0, fe.unregister(this), e;
  }
  free() {
    let e = this.__destroy_into_raw();
    c();
    try {
      i.__wbg_containerstartupoptions_free(e, 0);
    } catch (t) {
      s(t);
    }
  }
  get enableInternet() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== o) throw new Error("Invalid stale object from previous Wasm instance");
    let e;
    c();
    try {
      e = i.__wbg_get_containerstartupoptions_enableInternet(this.__wbg_ptr);
    } catch (t) {
      s(t);
    }
    return e === 16777215 ? void 0 : e !== 0;
  }
  get entrypoint() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== o) throw new Error("Invalid stale object from previous Wasm instance");
    let e;
    c();
    try {
      e = i.__wbg_get_containerstartupoptions_entrypoint(this.__wbg_ptr);
    } catch (n) {
      s(n);
    }
    var t = ge(e[0], e[1]);
    return i.__wbindgen_free(e[0], e[1] * 4, 4), t;
  }
  get env() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== o) throw new Error("Invalid stale object from previous Wasm instance");
    let e;
    c();
    try {
      e = i.__wbg_get_containerstartupoptions_env(this.__wbg_ptr);
    } catch (t) {
      s(t);
    }
    return e;
  }
  set enableInternet(e) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== o) throw new Error("Invalid stale object from previous Wasm instance");
    c();
    try {
      i.__wbg_set_containerstartupoptions_enableInternet(this.__wbg_ptr, b(e) ? 16777215 : e ? 1 : 0);
    } catch (t) {
      s(t);
    }
  }
  set entrypoint(e) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== o) throw new Error("Invalid stale object from previous Wasm instance");
    let t = re(e, i.__wbindgen_malloc), n = l;
    c();
    try {
      i.__wbg_set_containerstartupoptions_entrypoint(this.__wbg_ptr, t, n);
    } catch (_) {
      s(_);
    }
  }
  set env(e) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== o) throw new Error("Invalid stale object from previous Wasm instance");
    c();
    try {
      i.__wbg_set_containerstartupoptions_env(this.__wbg_ptr, e);
    } catch (t) {
      s(t);
    }
  }
};
Symbol.dispose && (x.prototype[Symbol.dispose] = x.prototype.free);
var E = class {
  static {
    __name(this, "E");
  }
  __destroy_into_raw() {
    let e = this.__wbg_ptr;
    return this.__wbg_ptr = 0, G.unregister(this), e;
  }
  free() {
    let e = this.__destroy_into_raw();
    c();
    try {
      i.__wbg_conversation_free(e, 0);
    } catch (t) {
      s(t);
    }
  }
  alarm() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== o) throw new Error("Invalid stale object from previous Wasm instance");
    let e;
    c();
    try {
      e = i.conversation_alarm(this.__wbg_ptr);
    } catch (t) {
      s(t);
    }
    return e;
  }
  connect(e) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== o) throw new Error("Invalid stale object from previous Wasm instance");
    let t;
    c();
    try {
      t = i.conversation_connect(this.__wbg_ptr, e);
    } catch (n) {
      s(n);
    }
    return t;
  }
  fetch(e) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== o) throw new Error("Invalid stale object from previous Wasm instance");
    let t;
    c();
    try {
      t = i.conversation_fetch(this.__wbg_ptr, e);
    } catch (n) {
      s(n);
    }
    return t;
  }
  constructor(e, t) {
    let n;
    c();
    try {
      n = i.conversation_new(e, t);
    } catch (_) {
      s(_);
    }
    return this.__wbg_ptr = n, Object.defineProperty(this, "__wbg_inst", { value: o, writable: true }), G.register(this, { ptr: n, instance: o }, this), this;
  }
  webSocketClose(e, t, n, _) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== o) throw new Error("Invalid stale object from previous Wasm instance");
    let a = +t, f = +_, u = m(n, i.__wbindgen_malloc, i.__wbindgen_realloc), g = l, I;
    c();
    try {
      I = i.conversation_webSocketClose(this.__wbg_ptr, e, a, u, g, f);
    } catch (R) {
      s(R);
    }
    return I;
  }
  webSocketError(e, t) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== o) throw new Error("Invalid stale object from previous Wasm instance");
    let n;
    c();
    try {
      n = i.conversation_webSocketError(this.__wbg_ptr, e, t);
    } catch (_) {
      s(_);
    }
    return n;
  }
  webSocketMessage(e, t) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== o) throw new Error("Invalid stale object from previous Wasm instance");
    let n;
    c();
    try {
      n = i.conversation_webSocketMessage(this.__wbg_ptr, e, t);
    } catch (_) {
      s(_);
    }
    return n;
  }
};
Symbol.dispose && (E.prototype[Symbol.dispose] = E.prototype.free);
var O = class {
  static {
    __name(this, "O");
  }
  __destroy_into_raw() {
    let e = this.__wbg_ptr;
    return this.__wbg_ptr = 0, be.unregister(this), e;
  }
  free() {
    let e = this.__destroy_into_raw();
    c();
    try {
      i.__wbg_intounderlyingbytesource_free(e, 0);
    } catch (t) {
      s(t);
    }
  }
  get autoAllocateChunkSize() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== o) throw new Error("Invalid stale object from previous Wasm instance");
    let e;
    c();
    try {
      e = i.intounderlyingbytesource_autoAllocateChunkSize(this.__wbg_ptr);
    } catch (t) {
      s(t);
    }
    return e >>> 0;
  }
  cancel() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== o) throw new Error("Invalid stale object from previous Wasm instance");
    let e = this.__destroy_into_raw();
    c();
    try {
      i.intounderlyingbytesource_cancel(e);
    } catch (t) {
      s(t);
    }
  }
  pull(e) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== o) throw new Error("Invalid stale object from previous Wasm instance");
    let t;
    c();
    try {
      t = i.intounderlyingbytesource_pull(this.__wbg_ptr, e);
    } catch (n) {
      s(n);
    }
    return t;
  }
  start(e) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== o) throw new Error("Invalid stale object from previous Wasm instance");
    c();
    try {
      i.intounderlyingbytesource_start(this.__wbg_ptr, e);
    } catch (t) {
      s(t);
    }
  }
  get type() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== o) throw new Error("Invalid stale object from previous Wasm instance");
    let e;
    c();
    try {
      e = i.intounderlyingbytesource_type(this.__wbg_ptr);
    } catch (t) {
      s(t);
    }
    return se[e];
  }
};
Symbol.dispose && (O.prototype[Symbol.dispose] = O.prototype.free);
var P = class {
  static {
    __name(this, "P");
  }
  __destroy_into_raw() {
    let e = this.__wbg_ptr;
    return this.__wbg_ptr = 0, ue.unregister(this), e;
  }
  free() {
    let e = this.__destroy_into_raw();
    c();
    try {
      i.__wbg_intounderlyingsink_free(e, 0);
    } catch (t) {
      s(t);
    }
  }
  abort(e) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== o) throw new Error("Invalid stale object from previous Wasm instance");
    let t = this.__destroy_into_raw(), n;
    c();
    try {
      n = i.intounderlyingsink_abort(t, e);
    } catch (_) {
      s(_);
    }
    return n;
  }
  close() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== o) throw new Error("Invalid stale object from previous Wasm instance");
    let e = this.__destroy_into_raw(), t;
    c();
    try {
      t = i.intounderlyingsink_close(e);
    } catch (n) {
      s(n);
    }
    return t;
  }
  write(e) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== o) throw new Error("Invalid stale object from previous Wasm instance");
    let t;
    c();
    try {
      t = i.intounderlyingsink_write(this.__wbg_ptr, e);
    } catch (n) {
      s(n);
    }
    return t;
  }
};
Symbol.dispose && (P.prototype[Symbol.dispose] = P.prototype.free);
var T = class {
  static {
    __name(this, "T");
  }
  __destroy_into_raw() {
    let e = this.__wbg_ptr;
    return this.__wbg_ptr = 0, de.unregister(this), e;
  }
  free() {
    let e = this.__destroy_into_raw();
    c();
    try {
      i.__wbg_intounderlyingsource_free(e, 0);
    } catch (t) {
      s(t);
    }
  }
  cancel() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== o) throw new Error("Invalid stale object from previous Wasm instance");
    let e = this.__destroy_into_raw();
    c();
    try {
      i.intounderlyingsource_cancel(e);
    } catch (t) {
      s(t);
    }
  }
  pull(e) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== o) throw new Error("Invalid stale object from previous Wasm instance");
    let t;
    c();
    try {
      t = i.intounderlyingsource_pull(this.__wbg_ptr, e);
    } catch (n) {
      s(n);
    }
    return t;
  }
};
Symbol.dispose && (T.prototype[Symbol.dispose] = T.prototype.free);
var v = class r {
  static {
    __name(this, "r");
  }
  static __wrap(e) {
    let t = Object.create(r.prototype);
    return t.__wbg_ptr = e, Object.defineProperty(t, "__wbg_inst", { value: o, writable: true }), K.register(t, { ptr: e, instance: o }, t), t;
  }
  __destroy_into_raw() {
    let e = this.__wbg_ptr;
    return this.__wbg_ptr = 0, K.unregister(this), e;
  }
  free() {
    let e = this.__destroy_into_raw();
    c();
    try {
      i.__wbg_minifyconfig_free(e, 0);
    } catch (t) {
      s(t);
    }
  }
  get css() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== o) throw new Error("Invalid stale object from previous Wasm instance");
    let e;
    c();
    try {
      e = i.__wbg_get_minifyconfig_css(this.__wbg_ptr);
    } catch (t) {
      s(t);
    }
    return e !== 0;
  }
  get html() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== o) throw new Error("Invalid stale object from previous Wasm instance");
    let e;
    c();
    try {
      e = i.__wbg_get_minifyconfig_html(this.__wbg_ptr);
    } catch (t) {
      s(t);
    }
    return e !== 0;
  }
  get js() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== o) throw new Error("Invalid stale object from previous Wasm instance");
    let e;
    c();
    try {
      e = i.__wbg_get_minifyconfig_js(this.__wbg_ptr);
    } catch (t) {
      s(t);
    }
    return e !== 0;
  }
  set css(e) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== o) throw new Error("Invalid stale object from previous Wasm instance");
    c();
    try {
      i.__wbg_set_minifyconfig_css(this.__wbg_ptr, e);
    } catch (t) {
      s(t);
    }
  }
  set html(e) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== o) throw new Error("Invalid stale object from previous Wasm instance");
    c();
    try {
      i.__wbg_set_minifyconfig_html(this.__wbg_ptr, e);
    } catch (t) {
      s(t);
    }
  }
  set js(e) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== o) throw new Error("Invalid stale object from previous Wasm instance");
    c();
    try {
      i.__wbg_set_minifyconfig_js(this.__wbg_ptr, e);
    } catch (t) {
      s(t);
    }
  }
};
Symbol.dispose && (v.prototype[Symbol.dispose] = v.prototype.free);
var j = class {
  static {
    __name(this, "j");
  }
  __destroy_into_raw() {
    let e = this.__wbg_ptr;
    return this.__wbg_ptr = 0, we.unregister(this), e;
  }
  free() {
    let e = this.__destroy_into_raw();
    c();
    try {
      i.__wbg_r2range_free(e, 0);
    } catch (t) {
      s(t);
    }
  }
  get length() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== o) throw new Error("Invalid stale object from previous Wasm instance");
    let e;
    c();
    try {
      e = i.__wbg_get_r2range_length(this.__wbg_ptr);
    } catch (t) {
      s(t);
    }
    return e[0] === 0 ? void 0 : e[1];
  }
  get offset() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== o) throw new Error("Invalid stale object from previous Wasm instance");
    let e;
    c();
    try {
      e = i.__wbg_get_r2range_offset(this.__wbg_ptr);
    } catch (t) {
      s(t);
    }
    return e[0] === 0 ? void 0 : e[1];
  }
  get suffix() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== o) throw new Error("Invalid stale object from previous Wasm instance");
    let e;
    c();
    try {
      e = i.__wbg_get_r2range_suffix(this.__wbg_ptr);
    } catch (t) {
      s(t);
    }
    return e[0] === 0 ? void 0 : e[1];
  }
  set length(e) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== o) throw new Error("Invalid stale object from previous Wasm instance");
    c();
    try {
      i.__wbg_set_r2range_length(this.__wbg_ptr, !b(e), b(e) ? 0 : e);
    } catch (t) {
      s(t);
    }
  }
  set offset(e) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== o) throw new Error("Invalid stale object from previous Wasm instance");
    c();
    try {
      i.__wbg_set_r2range_offset(this.__wbg_ptr, !b(e), b(e) ? 0 : e);
    } catch (t) {
      s(t);
    }
  }
  set suffix(e) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== o) throw new Error("Invalid stale object from previous Wasm instance");
    c();
    try {
      i.__wbg_set_r2range_suffix(this.__wbg_ptr, !b(e), b(e) ? 0 : e);
    } catch (t) {
      s(t);
    }
  }
};
Symbol.dispose && (j.prototype[Symbol.dispose] = j.prototype.free);
function M() {
  o++, y = null, S = null, F = null, typeof numBytesDecoded < "u" && (numBytesDecoded = 0), typeof l < "u" && (l = 0), D = false, C = false, B = new WebAssembly.Instance(X, ee()), i = B.exports, i.__wbindgen_start();
}
__name(M, "M");
function Y() {
  let r2;
  c();
  try {
    r2 = i.__worker_init_state();
  } catch (e) {
    s(e);
  }
  return r2;
}
__name(Y, "Y");
function Z(r2, e, t) {
  let n;
  c();
  try {
    n = i.fetch(r2, e, t);
  } catch (_) {
    s(_);
  }
  return n;
}
__name(Z, "Z");
function ee() {
  return { __proto__: null, "./index_bg.js": { __proto__: null, __wbg_Error_208446807d0d1e30: /* @__PURE__ */ __name(function(e, t) {
    return Error(w(e, t));
  }, "__wbg_Error_208446807d0d1e30"), __wbg_Number_ff192a72a0dcdf6d: /* @__PURE__ */ __name(function(e) {
    return Number(e);
  }, "__wbg_Number_ff192a72a0dcdf6d"), __wbg_String_8564e559799eccda: /* @__PURE__ */ __name(function(e, t) {
    let n = String(t), _ = m(n, i.__wbindgen_malloc, i.__wbindgen_realloc), a = l;
    d().setInt32((e >>> 0) + 4, a, true), d().setInt32((e >>> 0) + 0, _, true);
  }, "__wbg_String_8564e559799eccda"), __wbg___wbindgen_bigint_get_as_i64_11da4b52cd0aedef: /* @__PURE__ */ __name(function(e, t) {
    let n = t, _ = typeof n == "bigint" ? n : void 0;
    d().setBigInt64((e >>> 0) + 8, b(_) ? BigInt(0) : _, true), d().setInt32((e >>> 0) + 0, !b(_), true);
  }, "__wbg___wbindgen_bigint_get_as_i64_11da4b52cd0aedef"), __wbg___wbindgen_boolean_get_4f1baf9a00be3c74: /* @__PURE__ */ __name(function(e) {
    let t = e, n = typeof t == "boolean" ? t : void 0;
    return b(n) ? 16777215 : n ? 1 : 0;
  }, "__wbg___wbindgen_boolean_get_4f1baf9a00be3c74"), __wbg___wbindgen_debug_string_f249a2a76caa9a55: /* @__PURE__ */ __name(function(e, t) {
    let n = ne(t), _ = m(n, i.__wbindgen_malloc, i.__wbindgen_realloc), a = l;
    d().setInt32((e >>> 0) + 4, a, true), d().setInt32((e >>> 0) + 0, _, true);
  }, "__wbg___wbindgen_debug_string_f249a2a76caa9a55"), __wbg___wbindgen_in_3f58a9d3b3a7eed2: /* @__PURE__ */ __name(function(e, t) {
    return e in t;
  }, "__wbg___wbindgen_in_3f58a9d3b3a7eed2"), __wbg___wbindgen_is_bigint_5fa10641e039d3ef: /* @__PURE__ */ __name(function(e) {
    return typeof e == "bigint";
  }, "__wbg___wbindgen_is_bigint_5fa10641e039d3ef"), __wbg___wbindgen_is_function_741ff2bb612836f5: /* @__PURE__ */ __name(function(e) {
    return typeof e == "function";
  }, "__wbg___wbindgen_is_function_741ff2bb612836f5"), __wbg___wbindgen_is_null_c22311b1cc228e3a: /* @__PURE__ */ __name(function(e) {
    return e === null;
  }, "__wbg___wbindgen_is_null_c22311b1cc228e3a"), __wbg___wbindgen_is_null_or_undefined_fb96af93c75460ae: /* @__PURE__ */ __name(function(e) {
    return e == null;
  }, "__wbg___wbindgen_is_null_or_undefined_fb96af93c75460ae"), __wbg___wbindgen_is_object_8b968c3ab8e96595: /* @__PURE__ */ __name(function(e) {
    let t = e;
    return typeof t == "object" && t !== null;
  }, "__wbg___wbindgen_is_object_8b968c3ab8e96595"), __wbg___wbindgen_is_string_fc456fee5d3317de: /* @__PURE__ */ __name(function(e) {
    return typeof e == "string";
  }, "__wbg___wbindgen_is_string_fc456fee5d3317de"), __wbg___wbindgen_is_undefined_be5b34249ff1fc15: /* @__PURE__ */ __name(function(e) {
    return e === void 0;
  }, "__wbg___wbindgen_is_undefined_be5b34249ff1fc15"), __wbg___wbindgen_jsval_eq_38d7bfbe4cc84039: /* @__PURE__ */ __name(function(e, t) {
    return e === t;
  }, "__wbg___wbindgen_jsval_eq_38d7bfbe4cc84039"), __wbg___wbindgen_jsval_loose_eq_b2f214e2e4b30e36: /* @__PURE__ */ __name(function(e, t) {
    return e == t;
  }, "__wbg___wbindgen_jsval_loose_eq_b2f214e2e4b30e36"), __wbg___wbindgen_number_get_934b640d0889af78: /* @__PURE__ */ __name(function(e, t) {
    let n = t, _ = typeof n == "number" ? n : void 0;
    d().setFloat64((e >>> 0) + 8, b(_) ? 0 : _, true), d().setInt32((e >>> 0) + 0, !b(_), true);
  }, "__wbg___wbindgen_number_get_934b640d0889af78"), __wbg___wbindgen_reinit_2fe0d0b9c1cc3c21: /* @__PURE__ */ __name(function() {
    C = true;
  }, "__wbg___wbindgen_reinit_2fe0d0b9c1cc3c21"), __wbg___wbindgen_string_get_7ce8eee7fd327545: /* @__PURE__ */ __name(function(e, t) {
    let n = t, _ = typeof n == "string" ? n : void 0;
    var a = b(_) ? 0 : m(_, i.__wbindgen_malloc, i.__wbindgen_realloc), f = l;
    d().setInt32((e >>> 0) + 4, f, true), d().setInt32((e >>> 0) + 0, a, true);
  }, "__wbg___wbindgen_string_get_7ce8eee7fd327545"), __wbg___wbindgen_throw_4c88d8bf264fd984: /* @__PURE__ */ __name(function(e, t) {
    throw new WebAssembly.Exception(U, [new Error(w(e, t))]);
  }, "__wbg___wbindgen_throw_4c88d8bf264fd984"), __wbg__wbg_cb_unref_09736879a3f67559: /* @__PURE__ */ __name(function(e) {
    e._wbg_cb_unref();
  }, "__wbg__wbg_cb_unref_09736879a3f67559"), __wbg_acceptWebSocket_6893ac0c64b53fb0: /* @__PURE__ */ __name(function(e, t) {
    e.acceptWebSocket(t);
  }, "__wbg_acceptWebSocket_6893ac0c64b53fb0"), __wbg_append_ba9a4dc30a0323fd: /* @__PURE__ */ __name(function(e, t, n, _, a) {
    e.append(w(t, n), w(_, a));
  }, "__wbg_append_ba9a4dc30a0323fd"), __wbg_arrayBuffer_39a766224696fd9d: /* @__PURE__ */ __name(function(e) {
    return e.arrayBuffer();
  }, "__wbg_arrayBuffer_39a766224696fd9d"), __wbg_batch_d54a0dc86c491bc6: /* @__PURE__ */ __name(function(e, t) {
    return e.batch(t);
  }, "__wbg_batch_d54a0dc86c491bc6"), __wbg_bind_0bf8b02f8e144a7d: /* @__PURE__ */ __name(function(e, t) {
    return e.bind(...t);
  }, "__wbg_bind_0bf8b02f8e144a7d"), __wbg_body_0da01a9a056907d8: /* @__PURE__ */ __name(function(e) {
    let t = e.body;
    return b(t) ? 0 : h(t);
  }, "__wbg_body_0da01a9a056907d8"), __wbg_buffer_aca05a93c046db1a: /* @__PURE__ */ __name(function(e) {
    return e.buffer;
  }, "__wbg_buffer_aca05a93c046db1a"), __wbg_byobRequest_18280c78e462544c: /* @__PURE__ */ __name(function(e) {
    let t = e.byobRequest;
    return b(t) ? 0 : h(t);
  }, "__wbg_byobRequest_18280c78e462544c"), __wbg_byteLength_c5f3c188d5252e5b: /* @__PURE__ */ __name(function(e) {
    return e.byteLength;
  }, "__wbg_byteLength_c5f3c188d5252e5b"), __wbg_byteOffset_63cdc7b38f33a45e: /* @__PURE__ */ __name(function(e) {
    return e.byteOffset;
  }, "__wbg_byteOffset_63cdc7b38f33a45e"), __wbg_call_a410eb4b59ed5965: /* @__PURE__ */ __name(function(e, t, n) {
    return e.call(t, n);
  }, "__wbg_call_a410eb4b59ed5965"), __wbg_cause_4cdda1b55a30b227: /* @__PURE__ */ __name(function(e) {
    return e.cause;
  }, "__wbg_cause_4cdda1b55a30b227"), __wbg_cf_3eef96d446a499c0: /* @__PURE__ */ __name(function(e) {
    let t = e.cf;
    return b(t) ? 0 : h(t);
  }, "__wbg_cf_3eef96d446a499c0"), __wbg_cf_e4bf1d08e9961dec: /* @__PURE__ */ __name(function(e) {
    let t = e.cf;
    return b(t) ? 0 : h(t);
  }, "__wbg_cf_e4bf1d08e9961dec"), __wbg_close_294d3f727cb7a844: /* @__PURE__ */ __name(function(e) {
    e.close();
  }, "__wbg_close_294d3f727cb7a844"), __wbg_close_297c4419d0990129: /* @__PURE__ */ __name(function(e, t) {
    e.close(t);
  }, "__wbg_close_297c4419d0990129"), __wbg_close_2a8b1ba07b9e0fee: /* @__PURE__ */ __name(function(e, t, n, _) {
    e.close(t, w(n, _));
  }, "__wbg_close_2a8b1ba07b9e0fee"), __wbg_close_bf94aa7e38b9a94b: /* @__PURE__ */ __name(function(e) {
    e.close();
  }, "__wbg_close_bf94aa7e38b9a94b"), __wbg_constructor_76ad3e2c50d259de: /* @__PURE__ */ __name(function(e) {
    return e.constructor;
  }, "__wbg_constructor_76ad3e2c50d259de"), __wbg_crypto_23f565a907d30078: /* @__PURE__ */ __name(function(e) {
    return e.crypto;
  }, "__wbg_crypto_23f565a907d30078"), __wbg_debug_29e5044b8c3730bb: /* @__PURE__ */ __name(function(e) {
    console.debug(e);
  }, "__wbg_debug_29e5044b8c3730bb"), __wbg_deserializeAttachment_b0638e89b27e2a83: /* @__PURE__ */ __name(function(e) {
    return e.deserializeAttachment();
  }, "__wbg_deserializeAttachment_b0638e89b27e2a83"), __wbg_done_57e08d0be6e30c02: /* @__PURE__ */ __name(function(e) {
    return e.done;
  }, "__wbg_done_57e08d0be6e30c02"), __wbg_enqueue_c11626eae1c54509: /* @__PURE__ */ __name(function(e, t) {
    e.enqueue(t);
  }, "__wbg_enqueue_c11626eae1c54509"), __wbg_entries_7bb1459bd9b5c2b9: /* @__PURE__ */ __name(function(e) {
    return Object.entries(e);
  }, "__wbg_entries_7bb1459bd9b5c2b9"), __wbg_error_9b95f63d905893d2: /* @__PURE__ */ __name(function(e, t) {
    console.error(e, t);
  }, "__wbg_error_9b95f63d905893d2"), __wbg_error_d1fc0193610e0e39: /* @__PURE__ */ __name(function(e) {
    console.error(e);
  }, "__wbg_error_d1fc0193610e0e39"), __wbg_exec_85b624bc72d8a6f2: /* @__PURE__ */ __name(function(e, t, n, _) {
    return e.exec(w(t, n), ..._);
  }, "__wbg_exec_85b624bc72d8a6f2"), __wbg_fetch_58e62838507dad34: /* @__PURE__ */ __name(function(e, t) {
    return e.fetch(t);
  }, "__wbg_fetch_58e62838507dad34"), __wbg_first_fe3c5a977b563684: /* @__PURE__ */ __name(function(e, t, n) {
    return e.first(t === 0 ? void 0 : w(t, n));
  }, "__wbg_first_fe3c5a977b563684"), __wbg_getRandomValues_d2908e0b99612b91: /* @__PURE__ */ __name(function(e, t) {
    e.getRandomValues(t);
  }, "__wbg_getRandomValues_d2908e0b99612b91"), __wbg_getTime_edc91481cbc4cd78: /* @__PURE__ */ __name(function(e) {
    return e.getTime();
  }, "__wbg_getTime_edc91481cbc4cd78"), __wbg_getWebSockets_557696c97fc4ec99: /* @__PURE__ */ __name(function(e, t) {
    let n = t.getWebSockets(), _ = re(n, i.__wbindgen_malloc), a = l;
    d().setInt32((e >>> 0) + 4, a, true), d().setInt32((e >>> 0) + 0, _, true);
  }, "__wbg_getWebSockets_557696c97fc4ec99"), __wbg_get_0ae635d02d232017: /* @__PURE__ */ __name(function(e, t) {
    let n = Reflect.get(e, t);
    return b(n) ? 0 : h(n);
  }, "__wbg_get_0ae635d02d232017"), __wbg_get_2080c49015e35254: /* @__PURE__ */ __name(function(e, t) {
    return Reflect.get(e, t);
  }, "__wbg_get_2080c49015e35254"), __wbg_get_4d87e704eb410caa: /* @__PURE__ */ __name(function(e, t) {
    return e.get(t);
  }, "__wbg_get_4d87e704eb410caa"), __wbg_get_556f1c9a5c587e8c: /* @__PURE__ */ __name(function(e, t, n, _) {
    let a = t.get(w(n, _));
    var f = b(a) ? 0 : m(a, i.__wbindgen_malloc, i.__wbindgen_realloc), u = l;
    d().setInt32((e >>> 0) + 4, u, true), d().setInt32((e >>> 0) + 0, f, true);
  }, "__wbg_get_556f1c9a5c587e8c"), __wbg_get_bb8b6b35041e00c9: /* @__PURE__ */ __name(function(e, t) {
    return Reflect.get(e, t >>> 0);
  }, "__wbg_get_bb8b6b35041e00c9"), __wbg_get_d7176cfb76d71114: /* @__PURE__ */ __name(function(e, t) {
    return e[t >>> 0];
  }, "__wbg_get_d7176cfb76d71114"), __wbg_get_unchecked_e6325ad374eff861: /* @__PURE__ */ __name(function(e, t) {
    return e[t >>> 0];
  }, "__wbg_get_unchecked_e6325ad374eff861"), __wbg_get_with_ref_key_fc601247060b7204: /* @__PURE__ */ __name(function(e, t) {
    return e[t];
  }, "__wbg_get_with_ref_key_fc601247060b7204"), __wbg_headers_5fc0106c076eb731: /* @__PURE__ */ __name(function(e) {
    return e.headers;
  }, "__wbg_headers_5fc0106c076eb731"), __wbg_headers_9ef80dd266706f48: /* @__PURE__ */ __name(function(e) {
    return e.headers;
  }, "__wbg_headers_9ef80dd266706f48"), __wbg_idFromName_8e1943d73c953e77: /* @__PURE__ */ __name(function(e, t, n) {
    return e.idFromName(w(t, n));
  }, "__wbg_idFromName_8e1943d73c953e77"), __wbg_instanceId_65a51bedfd10160a: /* @__PURE__ */ __name(function(e) {
    return e.instanceId;
  }, "__wbg_instanceId_65a51bedfd10160a"), __wbg_instanceof_ArrayBuffer_12cdaa4161423e6b: /* @__PURE__ */ __name(function(e) {
    let t;
    try {
      t = e instanceof ArrayBuffer;
    } catch {
      t = false;
    }
    return t;
  }, "__wbg_instanceof_ArrayBuffer_12cdaa4161423e6b"), __wbg_instanceof_Error_74e3cca0c4a69161: /* @__PURE__ */ __name(function(e) {
    let t;
    try {
      t = e instanceof Error;
    } catch {
      t = false;
    }
    return t;
  }, "__wbg_instanceof_Error_74e3cca0c4a69161"), __wbg_instanceof_Response_5b0b4f7f1daeae51: /* @__PURE__ */ __name(function(e) {
    let t;
    try {
      t = e instanceof Response;
    } catch {
      t = false;
    }
    return t;
  }, "__wbg_instanceof_Response_5b0b4f7f1daeae51"), __wbg_instanceof_Uint8Array_d7aeb0dcb3108fea: /* @__PURE__ */ __name(function(e) {
    let t;
    try {
      t = e instanceof Uint8Array;
    } catch {
      t = false;
    }
    return t;
  }, "__wbg_instanceof_Uint8Array_d7aeb0dcb3108fea"), __wbg_isArray_bcf1376d0d732d08: /* @__PURE__ */ __name(function(e) {
    return Array.isArray(e);
  }, "__wbg_isArray_bcf1376d0d732d08"), __wbg_isSafeInteger_1a35ba4d31e71d38: /* @__PURE__ */ __name(function(e) {
    return Number.isSafeInteger(e);
  }, "__wbg_isSafeInteger_1a35ba4d31e71d38"), __wbg_is_2248ff2b575d60c7: /* @__PURE__ */ __name(function(e, t) {
    return Object.is(e, t);
  }, "__wbg_is_2248ff2b575d60c7"), __wbg_keys_296846770c088f87: /* @__PURE__ */ __name(function(e) {
    return e.keys();
  }, "__wbg_keys_296846770c088f87"), __wbg_length_186163212ffe79c3: /* @__PURE__ */ __name(function(e) {
    return e.length;
  }, "__wbg_length_186163212ffe79c3"), __wbg_length_b03a0fabb109b1e9: /* @__PURE__ */ __name(function(e) {
    return e.length;
  }, "__wbg_length_b03a0fabb109b1e9"), __wbg_log_ff86bbb34c295e21: /* @__PURE__ */ __name(function(e) {
    console.log(e);
  }, "__wbg_log_ff86bbb34c295e21"), __wbg_message_43d8c8f1d543a349: /* @__PURE__ */ __name(function(e) {
    return e.message;
  }, "__wbg_message_43d8c8f1d543a349"), __wbg_method_3d406ebab4dd9853: /* @__PURE__ */ __name(function(e, t) {
    let n = t.method, _ = m(n, i.__wbindgen_malloc, i.__wbindgen_realloc), a = l;
    d().setInt32((e >>> 0) + 4, a, true), d().setInt32((e >>> 0) + 0, _, true);
  }, "__wbg_method_3d406ebab4dd9853"), __wbg_minifyconfig_new: /* @__PURE__ */ __name(function(e) {
    return v.__wrap(e);
  }, "__wbg_minifyconfig_new"), __wbg_msCrypto_d5f06fad6bf1409b: /* @__PURE__ */ __name(function(e) {
    return e.msCrypto;
  }, "__wbg_msCrypto_d5f06fad6bf1409b"), __wbg_name_d1fa514fdca6a975: /* @__PURE__ */ __name(function(e) {
    return e.name;
  }, "__wbg_name_d1fa514fdca6a975"), __wbg_name_fd11f69c917c5670: /* @__PURE__ */ __name(function(e) {
    return e.name;
  }, "__wbg_name_fd11f69c917c5670"), __wbg_new_0_36d738a0c8cfac43: /* @__PURE__ */ __name(function() {
    return /* @__PURE__ */ new Date();
  }, "__wbg_new_0_36d738a0c8cfac43"), __wbg_new_13de428334042d26: /* @__PURE__ */ __name(function(e) {
    return new Uint8Array(e);
  }, "__wbg_new_13de428334042d26"), __wbg_new_277c27c26f94cbc2: /* @__PURE__ */ __name(function() {
    return new Headers();
  }, "__wbg_new_277c27c26f94cbc2"), __wbg_new_37eb45aaf5eeb820: /* @__PURE__ */ __name(function() {
    return new Array();
  }, "__wbg_new_37eb45aaf5eeb820"), __wbg_new_7075786089b89c5e: /* @__PURE__ */ __name(function() {
    return /* @__PURE__ */ new Map();
  }, "__wbg_new_7075786089b89c5e"), __wbg_new_787b9fb330d55d78: /* @__PURE__ */ __name(function(e, t) {
    return new Error(w(e, t));
  }, "__wbg_new_787b9fb330d55d78"), __wbg_new_cd4348290afae586: /* @__PURE__ */ __name(function() {
    return new Object();
  }, "__wbg_new_cd4348290afae586"), __wbg_new_e119023fca43b021: /* @__PURE__ */ __name(function() {
    return new WebSocketPair();
  }, "__wbg_new_e119023fca43b021"), __wbg_new_typed_e09da9dae6ee5935: /* @__PURE__ */ __name(function(e, t) {
    try {
      var n = { a: e, b: t }, _ = /* @__PURE__ */ __name((f, u) => {
        let g = n.a;
        n.a = 0;
        try {
          return oe(g, n.b, f, u);
        } finally {
          n.a = g;
        }
      }, "_");
      return new Promise(_);
    } finally {
      n.a = 0;
    }
  }, "__wbg_new_typed_e09da9dae6ee5935"), __wbg_new_with_byte_offset_and_length_3cd32055a417f095: /* @__PURE__ */ __name(function(e, t, n) {
    return new Uint8Array(e, t >>> 0, n >>> 0);
  }, "__wbg_new_with_byte_offset_and_length_3cd32055a417f095"), __wbg_new_with_length_01b143a7e5dd5a3e: /* @__PURE__ */ __name(function(e) {
    return new Uint8Array(e >>> 0);
  }, "__wbg_new_with_length_01b143a7e5dd5a3e"), __wbg_new_with_opt_buffer_source_and_init_efb63b64b37a12c7: /* @__PURE__ */ __name(function(e, t) {
    return new Response(e, t);
  }, "__wbg_new_with_opt_buffer_source_and_init_efb63b64b37a12c7"), __wbg_new_with_opt_readable_stream_and_init_383c64eccf9e9cc7: /* @__PURE__ */ __name(function(e, t) {
    return new Response(e, t);
  }, "__wbg_new_with_opt_readable_stream_and_init_383c64eccf9e9cc7"), __wbg_new_with_opt_str_and_init_6456bed24baae6fc: /* @__PURE__ */ __name(function(e, t, n) {
    return new Response(e === 0 ? void 0 : w(e, t), n);
  }, "__wbg_new_with_opt_str_and_init_6456bed24baae6fc"), __wbg_new_with_str_and_init_d9f6b5611184e16b: /* @__PURE__ */ __name(function(e, t, n) {
    return new Request(w(e, t), n);
  }, "__wbg_new_with_str_and_init_d9f6b5611184e16b"), __wbg_next_af5ac6a08bb0a717: /* @__PURE__ */ __name(function(e) {
    return e.next();
  }, "__wbg_next_af5ac6a08bb0a717"), __wbg_node_86166ff8ce1f2002: /* @__PURE__ */ __name(function(e) {
    return e.node;
  }, "__wbg_node_86166ff8ce1f2002"), __wbg_one_a7783206353fbf18: /* @__PURE__ */ __name(function(e) {
    return e.one();
  }, "__wbg_one_a7783206353fbf18"), __wbg_prepare_50d1ec53a3871b75: /* @__PURE__ */ __name(function(e, t, n) {
    return e.prepare(w(t, n));
  }, "__wbg_prepare_50d1ec53a3871b75"), __wbg_process_91f425a63f58e399: /* @__PURE__ */ __name(function(e) {
    return e.process;
  }, "__wbg_process_91f425a63f58e399"), __wbg_prototypesetcall_13162965d1fe7aa3: /* @__PURE__ */ __name(function(e, t, n) {
    Uint8Array.prototype.set.call(L(e, t), n);
  }, "__wbg_prototypesetcall_13162965d1fe7aa3"), __wbg_push_c9f4893fc209f768: /* @__PURE__ */ __name(function(e, t) {
    return e.push(t);
  }, "__wbg_push_c9f4893fc209f768"), __wbg_queueMicrotask_1e8503a8a690f0a3: /* @__PURE__ */ __name(function(e) {
    return e.queueMicrotask;
  }, "__wbg_queueMicrotask_1e8503a8a690f0a3"), __wbg_queueMicrotask_4a1a4d8dd332373b: /* @__PURE__ */ __name(function(e) {
    queueMicrotask(e);
  }, "__wbg_queueMicrotask_4a1a4d8dd332373b"), __wbg_randomFillSync_34b023059e3363de: /* @__PURE__ */ __name(function(e, t) {
    e.randomFillSync(t);
  }, "__wbg_randomFillSync_34b023059e3363de"), __wbg_readable_11d72b62fcfdd1ec: /* @__PURE__ */ __name(function(e) {
    return e.readable;
  }, "__wbg_readable_11d72b62fcfdd1ec"), __wbg_require_9a7d8cc2e1d275c0: /* @__PURE__ */ __name(function() {
    return module.require;
  }, "__wbg_require_9a7d8cc2e1d275c0"), __wbg_resolve_dbf78ab4942478b0: /* @__PURE__ */ __name(function(e) {
    return Promise.resolve(e);
  }, "__wbg_resolve_dbf78ab4942478b0"), __wbg_respond_d97c023ee981d1f5: /* @__PURE__ */ __name(function(e, t) {
    e.respond(t >>> 0);
  }, "__wbg_respond_d97c023ee981d1f5"), __wbg_send_cd51063ca1be4d0f: /* @__PURE__ */ __name(function(e, t, n) {
    e.send(w(t, n));
  }, "__wbg_send_cd51063ca1be4d0f"), __wbg_serializeAttachment_b3838d362dd24b64: /* @__PURE__ */ __name(function(e, t) {
    e.serializeAttachment(t);
  }, "__wbg_serializeAttachment_b3838d362dd24b64"), __wbg_set_2793479888329cb6: /* @__PURE__ */ __name(function(e, t, n) {
    return Reflect.set(e, t, n);
  }, "__wbg_set_2793479888329cb6"), __wbg_set_8282f7e0d2d01336: /* @__PURE__ */ __name(function(e, t, n) {
    return e.set(t, n);
  }, "__wbg_set_8282f7e0d2d01336"), __wbg_set_bcb0ec2400cfa22e: /* @__PURE__ */ __name(function(e, t, n, _, a) {
    e.set(w(t, n), w(_, a));
  }, "__wbg_set_bcb0ec2400cfa22e"), __wbg_set_body_877d5251e78ca815: /* @__PURE__ */ __name(function(e, t) {
    e.body = t;
  }, "__wbg_set_body_877d5251e78ca815"), __wbg_set_cache_7a23201e29cbd632: /* @__PURE__ */ __name(function(e, t) {
    e.cache = ce[t];
  }, "__wbg_set_cache_7a23201e29cbd632"), __wbg_set_criticalError_c30445da7038dbf2: /* @__PURE__ */ __name(function(e, t) {
    e.criticalError = t !== 0;
  }, "__wbg_set_criticalError_c30445da7038dbf2"), __wbg_set_e4b9a833d288759a: /* @__PURE__ */ __name(function(e, t, n) {
    e[t] = n;
  }, "__wbg_set_e4b9a833d288759a"), __wbg_set_feb3714f475485ba: /* @__PURE__ */ __name(function(e, t, n) {
    e.set(L(t, n));
  }, "__wbg_set_feb3714f475485ba"), __wbg_set_headers_07f10dbe49bc0e77: /* @__PURE__ */ __name(function(e, t) {
    e.headers = t;
  }, "__wbg_set_headers_07f10dbe49bc0e77"), __wbg_set_headers_6d75a7df4eb22716: /* @__PURE__ */ __name(function(e, t) {
    e.headers = t;
  }, "__wbg_set_headers_6d75a7df4eb22716"), __wbg_set_instanceId_6f5f77d81e249b49: /* @__PURE__ */ __name(function(e, t) {
    e.instanceId = t >>> 0;
  }, "__wbg_set_instanceId_6f5f77d81e249b49"), __wbg_set_method_639e69af35614d36: /* @__PURE__ */ __name(function(e, t, n) {
    e.method = w(t, n);
  }, "__wbg_set_method_639e69af35614d36"), __wbg_set_redirect_a95a432ab7d10765: /* @__PURE__ */ __name(function(e, t) {
    e.redirect = ae[t];
  }, "__wbg_set_redirect_a95a432ab7d10765"), __wbg_set_status_bd9dc81d1c17b108: /* @__PURE__ */ __name(function(e, t) {
    e.status = t;
  }, "__wbg_set_status_bd9dc81d1c17b108"), __wbg_sql_cabda3440c70072f: /* @__PURE__ */ __name(function(e) {
    return e.sql;
  }, "__wbg_sql_cabda3440c70072f"), __wbg_static_accessor_GLOBAL_THIS_003ee833af9699fc: /* @__PURE__ */ __name(function() {
    let e = typeof globalThis > "u" ? void 0 : globalThis;
    return b(e) ? 0 : h(e);
  }, "__wbg_static_accessor_GLOBAL_THIS_003ee833af9699fc"), __wbg_static_accessor_GLOBAL_e4293fb22cbe77da: /* @__PURE__ */ __name(function() {
    let e = typeof global > "u" ? void 0 : global;
    return b(e) ? 0 : h(e);
  }, "__wbg_static_accessor_GLOBAL_e4293fb22cbe77da"), __wbg_static_accessor_INIT_STATE_b2269150d11f01e0: /* @__PURE__ */ __name(function() {
    return H;
  }, "__wbg_static_accessor_INIT_STATE_b2269150d11f01e0"), __wbg_static_accessor_SELF_53bb20457401453d: /* @__PURE__ */ __name(function() {
    let e = typeof self > "u" ? void 0 : self;
    return b(e) ? 0 : h(e);
  }, "__wbg_static_accessor_SELF_53bb20457401453d"), __wbg_static_accessor_WINDOW_b5e0810bfecb7feb: /* @__PURE__ */ __name(function() {
    let e = typeof window > "u" ? void 0 : window;
    return b(e) ? 0 : h(e);
  }, "__wbg_static_accessor_WINDOW_b5e0810bfecb7feb"), __wbg_status_cb85b6c8d1769fa1: /* @__PURE__ */ __name(function(e) {
    return e.status;
  }, "__wbg_status_cb85b6c8d1769fa1"), __wbg_storage_00d86055b2dc3100: /* @__PURE__ */ __name(function(e) {
    return e.storage;
  }, "__wbg_storage_00d86055b2dc3100"), __wbg_subarray_58f388a9247ac0bb: /* @__PURE__ */ __name(function(e, t, n) {
    return e.subarray(t >>> 0, n >>> 0);
  }, "__wbg_subarray_58f388a9247ac0bb"), __wbg_then_656f253a5dd7d8ea: /* @__PURE__ */ __name(function(e, t, n) {
    return e.then(t, n);
  }, "__wbg_then_656f253a5dd7d8ea"), __wbg_then_e3f7f2d365708be8: /* @__PURE__ */ __name(function(e, t) {
    return e.then(t);
  }, "__wbg_then_e3f7f2d365708be8"), __wbg_toArray_2757e80d5ccf01a6: /* @__PURE__ */ __name(function(e) {
    return e.toArray();
  }, "__wbg_toArray_2757e80d5ccf01a6"), __wbg_url_1be993c7b186415b: /* @__PURE__ */ __name(function(e, t) {
    let n = t.url, _ = m(n, i.__wbindgen_malloc, i.__wbindgen_realloc), a = l;
    d().setInt32((e >>> 0) + 4, a, true), d().setInt32((e >>> 0) + 0, _, true);
  }, "__wbg_url_1be993c7b186415b"), __wbg_value_e0f328965e184931: /* @__PURE__ */ __name(function(e) {
    return e.value;
  }, "__wbg_value_e0f328965e184931"), __wbg_versions_6e128a981b0df859: /* @__PURE__ */ __name(function(e) {
    return e.versions;
  }, "__wbg_versions_6e128a981b0df859"), __wbg_view_3b708d3bdaf3fc96: /* @__PURE__ */ __name(function(e) {
    let t = e.view;
    return b(t) ? 0 : h(t);
  }, "__wbg_view_3b708d3bdaf3fc96"), __wbg_webSocket_71791e807603b1e4: /* @__PURE__ */ __name(function(e) {
    let t = e.webSocket;
    return b(t) ? 0 : h(t);
  }, "__wbg_webSocket_71791e807603b1e4"), __wbg_writable_1924ab50750acb0f: /* @__PURE__ */ __name(function(e) {
    return e.writable;
  }, "__wbg_writable_1924ab50750acb0f"), __wbindgen_generic_0000000000000001: /* @__PURE__ */ __name(function(e, t) {
    return le(e, t, ie);
  }, "__wbindgen_generic_0000000000000001"), __wbindgen_generic_0000000000000002: /* @__PURE__ */ __name(function(e) {
    return e;
  }, "__wbindgen_generic_0000000000000002"), __wbindgen_generic_0000000000000003: /* @__PURE__ */ __name(function(e) {
    return e;
  }, "__wbindgen_generic_0000000000000003"), __wbindgen_generic_0000000000000004: /* @__PURE__ */ __name(function(e, t) {
    return L(e, t);
  }, "__wbindgen_generic_0000000000000004"), __wbindgen_generic_0000000000000005: /* @__PURE__ */ __name(function(e, t) {
    return w(e, t);
  }, "__wbindgen_generic_0000000000000005"), __wbindgen_generic_0000000000000006: /* @__PURE__ */ __name(function(e) {
    return BigInt.asUintN(64, e);
  }, "__wbindgen_generic_0000000000000006"), __wbindgen_init_externref_table: /* @__PURE__ */ __name(function() {
    let e = i.__wbindgen_externrefs;
    e.set(0, void 0), e.set(1024, void 0), e.set(1025, null), e.set(1026, true), e.set(1027, false);
  }, "__wbindgen_init_externref_table"), __wbindgen_jstag: WebAssembly.JSTag, __wbindgen_rethrow_critical: /* @__PURE__ */ __name(function(e) {
    throw new Error("Critical error", { cause: e });
  }, "__wbindgen_rethrow_critical") } };
}
__name(ee, "ee");
var U = new WebAssembly.Tag({ parameters: ["externref"] });
var N;
var D = false;
function te() {
  D = true;
  try {
    let r2 = V()[i.__abort_handler.value / 4];
    r2 && i.__wbindgen_export.get(r2)();
  } catch {
  }
}
__name(te, "te");
function s(r2) {
  throw r2 instanceof WebAssembly.Exception && r2.is(U) ? r2.getArg(U, 0) : (V()[N] = 1, te(), r2);
}
__name(s, "s");
function c() {
  if (N ??= i.__instance_terminated.value / 4, V()[N]) {
    if (D || te(), C) {
      M();
      return;
    }
    throw new Error("Module terminated");
  } else C && M();
}
__name(c, "c");
function ie(r2, e, t) {
  let n;
  c();
  try {
    n = i.wasm_bindgen__convert__closures_____invoke__h4464c10eb09f1ac5(r2, e, t);
  } catch (_) {
    s(_);
  }
  if (n[1]) throw he(n[0]);
}
__name(ie, "ie");
function oe(r2, e, t, n) {
  c();
  try {
    i.wasm_bindgen__convert__closures_____invoke__h143f5c6b25ff2a69(r2, e, t, n);
  } catch (_) {
    s(_);
  }
}
__name(oe, "oe");
var se = ["bytes"];
var ce = ["default", "no-store", "reload", "no-cache", "force-cache", "only-if-cached"];
var ae = ["follow", "error", "manual"];
var o = 0;
var fe = typeof FinalizationRegistry > "u" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry(({ ptr: r2, instance: e }) => {
  e === o && i.__wbg_containerstartupoptions_free(r2, 1);
});
var G = typeof FinalizationRegistry > "u" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry(({ ptr: r2, instance: e }) => {
  e === o && i.__wbg_conversation_free(r2, 1);
});
var be = typeof FinalizationRegistry > "u" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry(({ ptr: r2, instance: e }) => {
  e === o && i.__wbg_intounderlyingbytesource_free(r2, 1);
});
var ue = typeof FinalizationRegistry > "u" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry(({ ptr: r2, instance: e }) => {
  e === o && i.__wbg_intounderlyingsink_free(r2, 1);
});
var de = typeof FinalizationRegistry > "u" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry(({ ptr: r2, instance: e }) => {
  e === o && i.__wbg_intounderlyingsource_free(r2, 1);
});
var K = typeof FinalizationRegistry > "u" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry(({ ptr: r2, instance: e }) => {
  e === o && i.__wbg_minifyconfig_free(r2, 1);
});
var we = typeof FinalizationRegistry > "u" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry(({ ptr: r2, instance: e }) => {
  e === o && i.__wbg_r2range_free(r2, 1);
});
function h(r2) {
  let e = i.__externref_table_alloc();
  return i.__wbindgen_externrefs.set(e, r2), e;
}
__name(h, "h");
var Q = typeof FinalizationRegistry > "u" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry((r2) => {
  r2.instance === o && i.__wbindgen_destroy_closure(r2.a, r2.b);
});
function ne(r2) {
  switch (typeof r2) {
    case "number":
    case "boolean":
    case "undefined":
      return `${r2}`;
    case "string":
      return JSON.stringify(r2);
    case "bigint":
      return `${r2}n`;
    case "symbol":
      return r2.description !== void 0 ? `Symbol(${r2.description})` : "Symbol";
    case "function":
      return typeof r2.name == "string" && r2.name !== "" ? `Function(${r2.name})` : "Function";
    case "object": {
      if (r2 === null) return "null";
      if (Array.isArray(r2)) return "[" + Array.from(r2, ne).join(", ") + "]";
      if (r2 instanceof Error) return `${r2.name}: ${r2.message}
${r2.stack}`;
      let e = toString.call(r2), t = /\[object ([^\]]+)\]/.exec(e)?.[1];
      if (t === void 0) return e;
      if (t === "Object") try {
        return "Object(" + JSON.stringify(r2) + ")";
      } catch {
        return "Object";
      }
      return t;
    }
  }
}
__name(ne, "ne");
function ge(r2, e) {
  r2 = r2 >>> 0;
  let t = d(), n = [];
  for (let _ = r2; _ < r2 + 4 * e; _ += 4) n.push(i.__wbindgen_externrefs.get(t.getUint32(_, true)));
  return i.__externref_drop_slice(r2, e), n;
}
__name(ge, "ge");
function L(r2, e) {
  return r2 = r2 >>> 0, k().subarray(r2 / 1, r2 / 1 + e);
}
__name(L, "L");
var y = null;
function d() {
  return (y === null || y.buffer.detached === true || y.buffer.detached === void 0 && y.buffer !== i.memory.buffer) && (y = new DataView(i.memory.buffer)), y;
}
__name(d, "d");
var S = null;
function V() {
  return (S === null || S.byteLength === 0) && (S = new Int32Array(i.memory.buffer)), S;
}
__name(V, "V");
function w(r2, e) {
  return r2 = r2 >>> 0, pe(k().subarray(r2, r2 + e));
}
__name(w, "w");
var F = null;
function k() {
  return (F === null || F.byteLength === 0) && (F = new Uint8Array(i.memory.buffer)), F;
}
__name(k, "k");
function b(r2) {
  return r2 == null;
}
__name(b, "b");
function le(r2, e, t) {
  let n = { a: r2, b: e, cnt: 1, instance: o }, _ = /* @__PURE__ */ __name((...a) => {
    if (n.instance !== o) throw new Error("Cannot invoke closure from previous WASM instance");
    n.cnt++;
    let f = n.a;
    n.a = 0;
    try {
      return t(f, n.b, ...a);
    } finally {
      n.a = f, _._wbg_cb_unref();
    }
  }, "_");
  return _._wbg_cb_unref = () => {
    --n.cnt === 0 && (i.__wbindgen_destroy_closure(n.a, n.b), n.a = 0, Q.unregister(n));
  }, Q.register(_, n, n), _;
}
__name(le, "le");
function re(r2, e) {
  let t = e(r2.length * 4, 4) >>> 0;
  for (let n = 0; n < r2.length; n++) {
    let _ = h(r2[n]);
    d().setUint32(t + 4 * n, _, true);
  }
  return l = r2.length, t;
}
__name(re, "re");
function m(r2, e, t) {
  if (t === void 0) {
    let u = A.encode(r2), g = e(u.length, 1) >>> 0;
    return k().subarray(g, g + u.length).set(u), l = u.length, g;
  }
  let n = r2.length, _ = e(n, 1) >>> 0, a = k(), f = 0;
  for (; f < n; f++) {
    let u = r2.charCodeAt(f);
    if (u > 127) break;
    a[_ + f] = u;
  }
  if (f !== n) {
    f !== 0 && (r2 = r2.slice(f)), _ = t(_, n, n = f + r2.length * 3, 1) >>> 0;
    let u = k().subarray(_ + f, _ + n), g = A.encodeInto(r2, u);
    f += g.written, _ = t(_, n, f, 1) >>> 0;
  }
  return l = f, _;
}
__name(m, "m");
var C = false;
function he(r2) {
  let e = i.__wbindgen_externrefs.get(r2);
  return i.__externref_table_dealloc(r2), e;
}
__name(he, "he");
var _e = new TextDecoder("utf-8", { ignoreBOM: true });
_e.decode();
function pe(r2) {
  return _e.decode(r2);
}
__name(pe, "pe");
var A = new TextEncoder();
"encodeInto" in A || (A.encodeInto = function(r2, e) {
  let t = A.encode(r2);
  return e.set(t), { read: r2.length, written: t.length };
});
var l = 0;
var B = new WebAssembly.Instance(X, ee());
var i = B.exports;
i.__wbindgen_start();
Error.stackTraceLimit = 100;
var p = Y();
function $() {
  p.criticalError && (console.log("Reinitializing Wasm application"), M(), p.criticalError = false, p.instanceId++);
}
__name($, "$");
addEventListener("error", (r2) => {
  J(r2.error);
});
function J(r2) {
  r2 instanceof WebAssembly.RuntimeError && (console.error("Critical", r2), p.criticalError = true);
}
__name(J, "J");
var q = class extends me {
  static {
    __name(this, "q");
  }
};
q.prototype.fetch = function(e) {
  return Z.call(this, e, this.env, this.ctx);
};
var ve = { set: /* @__PURE__ */ __name((r2, e, t, n) => Reflect.set(r2.instance, e, t, n), "set"), has: /* @__PURE__ */ __name((r2, e) => Reflect.has(r2.instance, e), "has"), deleteProperty: /* @__PURE__ */ __name((r2, e) => Reflect.deleteProperty(r2.instance, e), "deleteProperty"), apply: /* @__PURE__ */ __name((r2, e, t) => Reflect.apply(r2.instance, e, t), "apply"), construct: /* @__PURE__ */ __name((r2, e, t) => Reflect.construct(r2.instance, e, t), "construct"), getPrototypeOf: /* @__PURE__ */ __name((r2) => Reflect.getPrototypeOf(r2.instance), "getPrototypeOf"), setPrototypeOf: /* @__PURE__ */ __name((r2, e) => Reflect.setPrototypeOf(r2.instance, e), "setPrototypeOf"), isExtensible: /* @__PURE__ */ __name((r2) => Reflect.isExtensible(r2.instance), "isExtensible"), preventExtensions: /* @__PURE__ */ __name((r2) => Reflect.preventExtensions(r2.instance), "preventExtensions"), getOwnPropertyDescriptor: /* @__PURE__ */ __name((r2, e) => Reflect.getOwnPropertyDescriptor(r2.instance, e), "getOwnPropertyDescriptor"), defineProperty: /* @__PURE__ */ __name((r2, e, t) => Reflect.defineProperty(r2.instance, e, t), "defineProperty"), ownKeys: /* @__PURE__ */ __name((r2) => Reflect.ownKeys(r2.instance), "ownKeys") };
var z = { construct(r2, e, t) {
  try {
    $();
    let n = { instance: Reflect.construct(r2, e, t), instanceId: p.instanceId, ctor: r2, args: e, newTarget: t };
    return new Proxy(n, { ...ve, get(_, a, f) {
      _.instanceId !== p.instanceId && (_.instance = Reflect.construct(_.ctor, _.args, _.newTarget), _.instanceId = p.instanceId);
      let u = Reflect.get(_.instance, a, f);
      return typeof u != "function" ? u : u.constructor === Function ? new Proxy(u, { apply(g, I, R) {
        $();
        try {
          return g.apply(I, R);
        } catch (W) {
          throw J(W), W;
        }
      } }) : new Proxy(u, { async apply(g, I, R) {
        $();
        try {
          return await g.apply(I, R);
        } catch (W) {
          throw J(W), W;
        }
      } });
    } });
  } catch (n) {
    throw p.criticalError = true, n;
  }
} };
var Re = new Proxy(q, z);
var We = new Proxy(x, z);
var Se = new Proxy(E, z);
var Fe = new Proxy(v, z);
var ke = new Proxy(j, z);

// ../node_modules/wrangler/templates/middleware/middleware-ensure-req-body-drained.ts
var drainBody = /* @__PURE__ */ __name(async (request, env, _ctx, middlewareCtx) => {
  try {
    return await middlewareCtx.next(request, env);
  } finally {
    try {
      if (request.body !== null && !request.bodyUsed) {
        const reader = request.body.getReader();
        while (!(await reader.read()).done) {
        }
      }
    } catch (e) {
      console.error("Failed to drain the unused request body.", e);
    }
  }
}, "drainBody");
var middleware_ensure_req_body_drained_default = drainBody;

// ../node_modules/wrangler/templates/middleware/middleware-miniflare3-json-error.ts
function reduceError(e) {
  return {
    name: e?.name,
    message: e?.message ?? String(e),
    stack: e?.stack,
    cause: e?.cause === void 0 ? void 0 : reduceError(e.cause)
  };
}
__name(reduceError, "reduceError");
var jsonError = /* @__PURE__ */ __name(async (request, env, _ctx, middlewareCtx) => {
  try {
    return await middlewareCtx.next(request, env);
  } catch (e) {
    const error = reduceError(e);
    return Response.json(error, {
      status: 500,
      headers: { "MF-Experimental-Error-Stack": "true" }
    });
  }
}, "jsonError");
var middleware_miniflare3_json_error_default = jsonError;

// .wrangler/tmp/bundle-W9udyW/middleware-insertion-facade.js
var __INTERNAL_WRANGLER_MIDDLEWARE__ = [
  middleware_ensure_req_body_drained_default,
  middleware_miniflare3_json_error_default
];
var middleware_insertion_facade_default = Re;

// ../node_modules/wrangler/templates/middleware/common.ts
var __facade_middleware__ = [];
function __facade_register__(...args) {
  __facade_middleware__.push(...args.flat());
}
__name(__facade_register__, "__facade_register__");
function __facade_invokeChain__(request, env, ctx, dispatch, middlewareChain) {
  const [head, ...tail] = middlewareChain;
  const middlewareCtx = {
    dispatch,
    next(newRequest, newEnv) {
      return __facade_invokeChain__(newRequest, newEnv, ctx, dispatch, tail);
    }
  };
  return head(request, env, ctx, middlewareCtx);
}
__name(__facade_invokeChain__, "__facade_invokeChain__");
function __facade_invoke__(request, env, ctx, dispatch, finalMiddleware) {
  return __facade_invokeChain__(request, env, ctx, dispatch, [
    ...__facade_middleware__,
    finalMiddleware
  ]);
}
__name(__facade_invoke__, "__facade_invoke__");

// .wrangler/tmp/bundle-W9udyW/middleware-loader.entry.ts
var __Facade_ScheduledController__ = class ___Facade_ScheduledController__ {
  constructor(scheduledTime, cron, noRetry) {
    this.scheduledTime = scheduledTime;
    this.cron = cron;
    this.#noRetry = noRetry;
  }
  static {
    __name(this, "__Facade_ScheduledController__");
  }
  #noRetry;
  noRetry() {
    if (!(this instanceof ___Facade_ScheduledController__)) {
      throw new TypeError("Illegal invocation");
    }
    this.#noRetry();
  }
};
function wrapExportedHandler(worker) {
  if (__INTERNAL_WRANGLER_MIDDLEWARE__ === void 0 || __INTERNAL_WRANGLER_MIDDLEWARE__.length === 0) {
    return worker;
  }
  for (const middleware of __INTERNAL_WRANGLER_MIDDLEWARE__) {
    __facade_register__(middleware);
  }
  const fetchDispatcher = /* @__PURE__ */ __name(function(request, env, ctx) {
    if (worker.fetch === void 0) {
      throw new Error("Handler does not export a fetch() function.");
    }
    return worker.fetch(request, env, ctx);
  }, "fetchDispatcher");
  return {
    ...worker,
    fetch(request, env, ctx) {
      const dispatcher = /* @__PURE__ */ __name(function(type, init) {
        if (type === "scheduled" && worker.scheduled !== void 0) {
          const controller = new __Facade_ScheduledController__(
            Date.now(),
            init.cron ?? "",
            () => {
            }
          );
          return worker.scheduled(controller, env, ctx);
        }
      }, "dispatcher");
      return __facade_invoke__(request, env, ctx, dispatcher, fetchDispatcher);
    }
  };
}
__name(wrapExportedHandler, "wrapExportedHandler");
function wrapWorkerEntrypoint(klass) {
  if (__INTERNAL_WRANGLER_MIDDLEWARE__ === void 0 || __INTERNAL_WRANGLER_MIDDLEWARE__.length === 0) {
    return klass;
  }
  for (const middleware of __INTERNAL_WRANGLER_MIDDLEWARE__) {
    __facade_register__(middleware);
  }
  return class extends klass {
    #fetchDispatcher = /* @__PURE__ */ __name((request, env, ctx) => {
      this.env = env;
      this.ctx = ctx;
      if (super.fetch === void 0) {
        throw new Error("Entrypoint class does not define a fetch() function.");
      }
      return super.fetch(request);
    }, "#fetchDispatcher");
    #dispatcher = /* @__PURE__ */ __name((type, init) => {
      if (type === "scheduled" && super.scheduled !== void 0) {
        const controller = new __Facade_ScheduledController__(
          Date.now(),
          init.cron ?? "",
          () => {
          }
        );
        return super.scheduled(controller);
      }
    }, "#dispatcher");
    fetch(request) {
      return __facade_invoke__(
        request,
        this.env,
        this.ctx,
        this.#dispatcher,
        this.#fetchDispatcher
      );
    }
  };
}
__name(wrapWorkerEntrypoint, "wrapWorkerEntrypoint");
var WRAPPED_ENTRY;
if (typeof middleware_insertion_facade_default === "object") {
  WRAPPED_ENTRY = wrapExportedHandler(middleware_insertion_facade_default);
} else if (typeof middleware_insertion_facade_default === "function") {
  WRAPPED_ENTRY = wrapWorkerEntrypoint(middleware_insertion_facade_default);
}
var middleware_loader_entry_default = WRAPPED_ENTRY;
export {
  We as ContainerStartupOptions,
  Se as Conversation,
  Fe as MinifyConfig,
  ke as R2Range,
  __INTERNAL_WRANGLER_MIDDLEWARE__,
  middleware_loader_entry_default as default
};
//# sourceMappingURL=index.js.map
