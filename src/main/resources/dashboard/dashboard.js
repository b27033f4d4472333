// space-dev's dashboard: plain DOM, no framework, no build step. Every value from the app is
// written with textContent (never as HTML). Live state comes from /__space/api/events (SSE).
"use strict";
(() => {
  const $ = (sel) => document.querySelector(sel);
  const el = (tag, props = {}, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
      if (v == null) continue;
      if (k === "class") e.className = v; else if (k === "text") e.textContent = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
    }
    for (const c of children) if (c != null) e.append(c);
    return e;
  };
  const DATA = "/__space/v0/";
  const MAX_LINES = 12000;
  const state = { micros: [], actions: [], logs: [], logsSeen: 0, source: null, restarting: new Map() };

  // ---------- messages ----------
  const notice = (text) => { const n = $("#notice"); n.textContent = text; n.hidden = !text; };
  const say = (text) => { $("#live").textContent = text; };

  async function api(method, url, body, type) {
    const init = { method, headers: {} };
    if (body !== undefined) {
      init.body = type ? body : JSON.stringify(body);
      init.headers["content-type"] = type || "application/json";
    }
    const r = await fetch(url, init);
    const text = await r.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
    if (!r.ok) {
      const detail = r.headers.get("x-space-dev-detail");
      const why = json && (json.error || (json.errors && json.errors.join("; ") + (detail ? ": " + detail : "")))
        || text.replace(/<[^>]*>/g, " ").trim().slice(0, 300);
      throw new Error(r.status + " " + (why || r.statusText));
    }
    return json;
  }
  const guard = (fn) => async (...args) => {
    try { notice(""); await fn(...args); } catch (e) { notice(e.message); }
  };

  // ---------- views ----------
  function show() {
    const [view, query] = (location.hash.slice(1) || "micros").split("?");
    const name = ["micros", "logs", "actions", "app-actions", "data", "keys"].includes(view) ? view : "micros";
    // a status or error belongs to the view it came from
    notice("");
    say(state.source && state.source.readyState === 1 ? "Live" : "");
    document.querySelectorAll("main > section").forEach((s) => { s.hidden = s.dataset.view !== name; });
    document.querySelectorAll("nav a").forEach((a) => {
      if (a.dataset.view === name) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
    });
    const params = new URLSearchParams(query || "");
    if (name === "logs" && params.has("micro")) { $("#logs-source").value = params.get("micro"); renderLogs(true); }
    if (name === "data") loadDataNames();
    if (name === "app-actions") guard(loadAppActions)();
    if (name === "keys") loadKeys();
    document.title = (name === "app-actions" ? "App actions" : name[0].toUpperCase() + name.slice(1)) + " · space-dev";
  }

  // ---------- micros ----------
  const uptime = (since) => {
    if (since == null) return "–";
    let s = Math.max(0, Math.floor((Date.now() - since) / 1000));
    const h = Math.floor(s / 3600); s -= h * 3600; const m = Math.floor(s / 60); s -= m * 60;
    return (h ? h + "h " : "") + (h || m ? m + "m " : "") + s + "s";
  };
  // an exit as a person reads it: a restart asked for is not a crash, and 126/127 are the shell's
  const exitText = (e) => e.asked ? "restarted" : e.code === 127 ? "127 (command not found)" : e.code === 126 ? "126 (not executable)"
    : String(e.code);
  function renderMicros() {
    for (const m of state.micros) {
      const asked = state.restarting.get(m.name);
      if (asked && m.state === "ready" && m.since >= asked) { state.restarting.delete(m.name); say(m.name + " restarted and is ready"); }
    }
    const body = $("#micros-table tbody");
    body.replaceChildren(...state.micros.map((m) => {
      const running = m.state === "ready" || m.state === "starting";
      const controls = el("td", {});
      const control = (verb, label, before) => el("button", { type: "button", "aria-label": label + " " + m.name, onclick: guard(async () => {
        before();
        await api("POST", "/__space/api/micros/" + encodeURIComponent(m.name) + "/" + verb);
      }) }, label);
      if (m.port != null && (running || m.state === "crashed")) {
        controls.append(control("restart", "Restart", () => { say("Restarting " + m.name + "…"); state.restarting.set(m.name, Date.now()); }));
      }
      if (m.port != null && running) {
        controls.append(" ", control("stop", "Stop", () => say("Stopping " + m.name + "…")));
      }
      if (m.port != null && m.state === "stopped") {
        controls.append(control("start", "Start", () => say("Starting " + m.name + "…")));
      }
      if (m.exits.some((e) => !e.asked)) {
        controls.append(" ", el("a", { href: "#logs?micro=" + encodeURIComponent(m.name) }, "Last lines"));
      }
      return el("tr", { "data-micro": m.name },
        el("th", { scope: "row" }, m.port != null ? el("a", { href: "#logs?micro=" + encodeURIComponent(m.name), title: "its logs" }, m.name)
          : m.name, m.primary ? el("small", { text: " primary" }) : null),
        el("td", {}, el("a", { href: m.path, title: "open " + m.path }, m.path)),
        el("td", { "data-label": "engine", text: m.engine + (m.runtime ? " (runs on " + m.runtime + ")" : "") }),
        el("td", { "data-label": "port", text: m.port == null ? "–" : String(m.port) }),
        el("td", {}, el("span", { class: "state state-" + m.state.replace(/\s+/g, "-"), title: m.problem || null, text: m.state }),
          m.problem ? el("small", { class: "problem", text: " " + m.problem }) : null),
        el("td", { class: "uptime", "data-label": "up", "data-since": m.state === "ready" && m.since != null ? m.since : "",
          text: m.state === "ready" ? uptime(m.since) : "–" }),
        el("td", { "data-label": "restarts", text: String(m.restarts) }),
        el("td", { "data-label": "exits", title: m.exits.map((e) => exitText(e) + " at " + new Date(e.at).toLocaleTimeString()).join("\n") || null,
          text: m.exits.length ? m.exits.map(exitText).join(" · ") : "–" }), controls);
    }));
    // the filter's choices change only when the micros do (a user's open list is not redrawn under them)
    const sources = ["space-dev", ...state.micros.filter((m) => m.port != null).map((m) => m.name)];
    const select = $("#logs-source");
    if (select.dataset.sources !== sources.join("\n")) {
      const chosen = select.value;
      select.replaceChildren(el("option", { value: "" }, "All"), ...sources.map((s) => el("option", { value: s }, s)));
      select.value = chosen;
      select.dataset.sources = sources.join("\n");
    }
  }
  setInterval(() => document.querySelectorAll("td.uptime").forEach((td) => {
    if (td.dataset.since) td.textContent = uptime(Number(td.dataset.since));
  }), 1000);

  // ---------- logs ----------
  const ANSI = /\u001b\[([0-9;]*)m/g;
  function ansi(text) {
    const out = document.createDocumentFragment();
    let classes = [], last = 0, m;
    const push = (s) => { if (s) out.append(classes.length ? el("span", { class: classes.join(" ") }, s) : s); };
    ANSI.lastIndex = 0;
    while ((m = ANSI.exec(text)) !== null) {
      push(text.slice(last, m.index));
      last = ANSI.lastIndex;
      for (const code of (m[1] || "0").split(";").map(Number)) {
        if (code === 0) classes = [];
        else if (code >= 1 && code <= 4) classes.push("ansi-" + code);
        else if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97)) classes = classes.filter((c) => !c.startsWith("fg-")).concat("fg-" + code);
        else if (code === 39) classes = classes.filter((c) => !c.startsWith("fg-"));
      }
    }
    push(text.slice(last).replace(/\u001b\[[0-9;?]*[A-Za-z]/g, ""));
    return out;
  }
  const colours = [36, 33, 32, 35, 34, 91, 96, 93];
  const hashOf = (name) => { let h = 0; for (const c of name) h = (h * 31 + c.codePointAt(0)) | 0; return ((h % 8) + 8) % 8; };
  // as space-dev's own output: a stable colour per name, and no micro gets space-dev's
  const colourOf = (name) => { const i = hashOf(name), self = hashOf("space-dev"); return colours[name !== "space-dev" && i === self ? (i + 1) % 8 : i]; };
  const lineNode = (l) => el("div", { class: "line", "data-source": l.source },
    el("span", { class: "at", text: new Date(l.at).toLocaleTimeString() + " " }),
    el("span", { class: "src fg-" + colourOf(l.source), text: l.source + " | " }), ansi(l.text));
  const matches = (l) => {
    const src = $("#logs-source").value, text = $("#logs-text").value.toLowerCase();
    return (!src || l.source === src) && (!text || l.text.toLowerCase().includes(text));
  };
  function renderLogs(toEnd) {
    const pre = $("#logs");
    pre.replaceChildren(...state.logs.filter(matches).map(lineNode));
    if (toEnd || $("#logs-follow").checked) pre.scrollTop = pre.scrollHeight;
  }
  function addLogs(lines) {
    state.logs.push(...lines);
    if (state.logs.length > MAX_LINES) state.logs.splice(0, state.logs.length - MAX_LINES);
    const pre = $("#logs");
    const shown = lines.filter(matches).map(lineNode);
    pre.append(...shown);
    while (pre.childElementCount > MAX_LINES) pre.firstElementChild.remove();
    if (shown.length && $("#logs-follow").checked) pre.scrollTop = pre.scrollHeight;
  }
  $("#logs-source").addEventListener("change", () => renderLogs(true));
  $("#logs-text").addEventListener("input", () => renderLogs(false));
  $("#logs-filter").addEventListener("submit", (e) => e.preventDefault());

  // ---------- actions ----------
  const when = (ms) => (ms == null ? "–" : new Date(ms).toLocaleString());
  function renderActions() {
    $("#actions-none").hidden = state.actions.length > 0;
    $("#actions-table").hidden = state.actions.length === 0;
    $("#schedule-form").hidden = state.actions.length === 0;
    const pick = $("#schedule-action");
    const ids = state.actions.map((a) => a.id).join("\n");
    if (pick.dataset.ids !== ids) {
      const chosen = pick.value;
      pick.replaceChildren(...state.actions.map((a) => el("option", { value: a.id }, a.id)));
      if (chosen) pick.value = chosen;
      pick.dataset.ids = ids;
    }
    $("#actions-table tbody").replaceChildren(...state.actions.map((a) => el("tr", { "data-action": a.id },
      el("th", { scope: "row" }, a.name, el("br"), el("small", { text: a.id })),
      el("td", { text: a.micro }),
      el("td", {}, el("code", { text: a.schedule === "off" ? "off" : a.interval }),
        a.schedule === "default" ? null : el("small", { text: " (default " + a.defaultInterval + ")" })),
      el("td", { text: a.schedule === "off" ? "off (your schedule)" : a.next == null ? "not scheduled (--no-actions)" : when(a.next) }),
      el("td", {}, a.runs.length === 0 ? "none yet" : el("ul", { class: "runs" }, ...a.runs.map((r) => el("li", {},
        el("span", { class: "run-status " + (r.ok ? "ok" : "bad"), text: r.status == null ? "failed" : String(r.status) }),
        " " + when(r.at) + " · " + r.millis + " ms" + (r.manual ? " · run now" : ""),
        r.status == null ? el("small", { text: " " + r.outcome }) : null)))),
      el("td", {}, el("button", { type: "button", "aria-label": "Run now: " + a.id, onclick: guard(async () => {
        say("Running " + a.id + "…");
        const run = await api("POST", "/__space/api/actions/" + encodeURIComponent(a.id) + "/run");
        say(a.id + " ran: " + run.outcome + " in " + run.millis + " ms");
      }) }, "Run now")))));
  }

  // ---------- data ----------
  const base = (name, rest) => DATA + "base/v1/dashboard/" + encodeURIComponent(name) + rest;
  const drive = (name, rest) => DATA + "drive/v1/dashboard/" + encodeURIComponent(name) + rest;
  const loadDataNames = guard(async () => {
    const names = await api("GET", "/__space/api/data");
    $("#base-names").replaceChildren(...names.bases.map((b) => el("option", { value: b })));
    $("#drive-names").replaceChildren(...names.drives.map((d) => el("option", { value: d })));
    $("#data-none").hidden = names.bases.length + names.drives.length > 0;
    const firstLook = !$("#base-name").value && !$("#drive-name").value;
    if (!$("#base-name").value && names.bases.length) $("#base-name").value = names.bases[0];
    if (!$("#drive-name").value && names.drives.length) $("#drive-name").value = names.drives[0];
    // what is pre-filled is shown at once, rather than after a Query or List nobody knew to press
    if (firstLook && names.bases.length) await queryBase(false);
    if (firstLook && names.drives.length) await listDrive(false);
  });
  const parseJson = (text, what) => {
    try { return JSON.parse(text); } catch (e) { throw new Error(what + " is not valid JSON: " + e.message); }
  };
  let baseLast = null;
  async function queryBase(more) {
    const name = $("#base-name").value.trim();
    const query = parseJson($("#base-query").value || "[]", "The query");
    const body = { query: Array.isArray(query) ? query : [query], limit: Number($("#base-limit").value) || 20 };
    if (more && baseLast) body.last = baseLast;
    const page = await api("POST", base(name, "/query"), body);
    baseLast = page.paging && page.paging.last ? page.paging.last : null;
    $("#base-more").hidden = !baseLast;
    const list = $("#base-items");
    if (!more) list.replaceChildren();
    list.append(...page.items.map((item) => itemNode(name, item)));
    if (!more && page.items.length === 0) list.append(el("li", { class: "empty", text: "No items match." }));
    say(name + ": " + list.querySelectorAll("li[data-key]").length + " item(s) shown" + (baseLast ? ", more follow" : ""));
  }
  function itemNode(name, item) {
    const li = el("li", { "data-key": item.key });
    const view = () => li.replaceChildren(el("pre", { class: "json", text: JSON.stringify(item, null, 2) }), el("div", { class: "row" },
      el("button", { type: "button", "aria-label": "Edit item " + item.key, onclick: edit }, "Edit"),
      el("button", { type: "button", class: "danger", "aria-label": "Delete item " + item.key, onclick: guard(async () => {
        if (!confirm("Delete item " + item.key + "?")) return;
        await api("DELETE", base(name, "/items/" + encodeURIComponent(item.key)));
        li.remove(); say("Deleted " + item.key);
      }) }, "Delete")));
    function edit() {
      const area = el("textarea", { rows: "6", spellcheck: "false", "aria-label": "Item " + item.key + " as JSON" });
      area.value = JSON.stringify(item, null, 2);
      li.replaceChildren(area, el("div", { class: "row" },
        el("button", { type: "button", onclick: guard(async () => {
          const edited = parseJson(area.value, "The item");
          if (typeof edited !== "object" || edited === null || Array.isArray(edited)) throw new Error("An item is a JSON object");
          if (edited.key !== item.key) throw new Error("The key cannot change here; add a new item instead");
          const done = await api("PUT", base(name, "/items"), { items: [edited] });
          if (done.failed && done.failed.items && done.failed.items.length) throw new Error("Base did not store the item");
          item = done.processed.items[0]; view(); say("Saved " + item.key);
        }) }, "Save"),
        el("button", { type: "button", onclick: view }, "Cancel")));
      area.focus();
    }
    view();
    return li;
  }
  $("#base-form").addEventListener("submit", guard(async (e) => { e.preventDefault(); await queryBase(false); }));
  $("#base-more").addEventListener("click", guard(() => queryBase(true)));
  $("#base-add").addEventListener("submit", guard(async (e) => {
    e.preventDefault();
    const name = $("#base-name").value.trim();
    if (!name) throw new Error("Name a base first");
    const item = parseJson($("#base-new").value, "The new item");
    if (typeof item !== "object" || item === null || Array.isArray(item)) throw new Error("An item is a JSON object");
    if (item.key === "") delete item.key;
    const made = await api("POST", base(name, "/items"), { item });
    $("#base-items").prepend(itemNode(name, made));
    say("Added " + made.key + " to " + name);
    loadDataNames();
  }));

  let driveLast = null;
  async function listDrive(more) {
    const name = $("#drive-name").value.trim();
    const q = new URLSearchParams({ limit: "100", prefix: $("#drive-prefix").value });
    if (more && driveLast) q.set("last", driveLast);
    const page = await api("GET", drive(name, "/files?" + q));
    driveLast = page.paging && page.paging.last ? page.paging.last : null;
    $("#drive-more").hidden = !driveLast;
    const list = $("#drive-files");
    if (!more) list.replaceChildren();
    list.append(...page.names.map((file) => {
      const li = el("li", { "data-file": file });
      li.append(el("div", { class: "row" }, el("span", { class: "name", text: file }),
        el("a", { href: drive(name, "/files/download?name=" + encodeURIComponent(file)), download: file.split("/").pop() }, "Download"),
        el("button", { type: "button", class: "danger", "aria-label": "Delete file " + file, onclick: guard(async () => {
          if (!confirm("Delete " + file + "?")) return;
          await api("DELETE", drive(name, "/files"), { names: [file] });
          li.remove(); say("Deleted " + file);
        }) }, "Delete")));
      return li;
    }));
    say(name + ": " + list.childElementCount + " file(s) shown" + (driveLast ? ", more follow" : ""));
  }
  $("#drive-form").addEventListener("submit", guard(async (e) => { e.preventDefault(); await listDrive(false); }));
  $("#drive-more").addEventListener("click", guard(() => listDrive(true)));
  const PART = 5 * 1024 * 1024; // Drive's smallest part; fits --strict's 5.5 MB body limit
  $("#drive-upload").addEventListener("submit", guard(async (e) => {
    e.preventDefault();
    const name = $("#drive-name").value.trim();
    if (!name) throw new Error("Name a drive first");
    const file = $("#drive-file").files[0];
    const as = $("#drive-upload-name").value.trim() || file.name;
    const type = file.type || "application/octet-stream";
    say("Uploading " + as + "…");
    // the chunked flow, as both SDKs use it for every file
    const started = await api("POST", drive(name, "/uploads?name=" + encodeURIComponent(as)), undefined);
    const id = encodeURIComponent(started.upload_id);
    try {
      for (let part = 1, at = 0; at < file.size || part === 1; part++, at += PART) {
        await api("POST", drive(name, "/uploads/" + id + "/parts?name=" + encodeURIComponent(as) + "&part=" + part),
          file.slice(at, at + PART), type);
        if (file.size === 0) break;
      }
      await api("PATCH", drive(name, "/uploads/" + id + "?name=" + encodeURIComponent(as)));
    } catch (err) {
      await api("DELETE", drive(name, "/uploads/" + id + "?name=" + encodeURIComponent(as))).catch(() => {});
      throw err;
    }
    say("Uploaded " + as);
    loadDataNames();
    await listDrive(false);
  }));

  // ---------- keys ----------
  const loadKeys = guard(async () => {
    const keys = await api("GET", "/__space/api/keys");
    $("#keys-none").hidden = keys.length > 0;
    $("#keys-table").hidden = keys.length === 0;
    $("#keys-table tbody").replaceChildren(...keys.map((k) => el("tr", { "data-key": k.name },
      el("th", { scope: "row", text: k.name }), el("td", { text: when(k.created) }),
      el("td", {}, el("button", { type: "button", class: "danger", "aria-label": "Revoke key " + k.name, onclick: guard(async () => {
        if (!confirm("Revoke key " + k.name + "? Clients using it lose access within a second.")) return;
        await api("DELETE", "/__space/api/keys/" + encodeURIComponent(k.name));
        $("#key-new").hidden = true; say("Revoked " + k.name); loadKeys();
      }) }, "Revoke")))));
  });
  $("#key-form").addEventListener("submit", guard(async (e) => {
    e.preventDefault();
    const made = await api("POST", "/__space/api/keys?name=" + encodeURIComponent($("#key-name").value.trim()));
    $("#key-new-name").textContent = made.name;
    $("#key-new-value").textContent = made.key;
    $("#key-new").hidden = false;
    $("#key-name").value = "";
    say("Created key " + made.name);
    loadKeys();
  }));

  // the owner's schedules, as Space's App settings → Schedules
  async function reschedule(query) {
    const id = $("#schedule-action").value;
    const a = await api("POST", "/__space/api/actions/" + encodeURIComponent(id) + "/schedule" + query);
    say(id + ": " + (a.schedule === "off" ? "off" : a.interval + (a.schedule === "changed" ? " (default " + a.defaultInterval + ")" : ""))
      + (a.next ? "; next run " + when(a.next) : ""));
  }
  $("#schedule-form").addEventListener("submit", guard(async (e) => {
    e.preventDefault();
    await reschedule("?every=" + encodeURIComponent($("#schedule-every").value));
  }));
  $("#schedule-off").addEventListener("click", guard(() => reschedule("?off=1")));
  $("#schedule-default").addEventListener("click", guard(() => reschedule("?default=1")));

  // ---------- App Actions (provide_actions) ----------
  // a URL an action returns, such as "/logo.svg", is its micro's: under the micro's path on this origin
  const microUrl = (micro, url) => {
    if (!url || /^[a-z][a-z0-9+.-]*:/i.test(url) || !url.startsWith("/")) return url;
    const m = state.micros.find((x) => x.name === micro);
    return (m && m.path !== "/" ? m.path : "") + url;
  };
  const safeHref = (url) => (/^(https?:|\/)/i.test(url || "") ? url : null);
  function renderView(action, result) {
    const data = result.data;
    const box = el("div", { class: "view", "data-type": result.type });
    switch (result.type) {
      case "@deta/detail": {
        if (data && data.image_url) box.append(el("img", { src: safeHref(microUrl(action.micro, data.image_url)), alt: "" }));
        box.append(el("h4", { text: (data && data.title) || "" }), el("p", { text: (data && data.text) || "" }));
        if (data && safeHref(microUrl(action.micro, data.url))) box.append(el("a", { href: microUrl(action.micro, data.url) }, data.url));
        break;
      }
      case "@deta/file": {
        const href = safeHref(microUrl(action.micro, data && data.url));
        if (href && /^image\//.test((data && data.type) || "")) box.append(el("img", { src: href, alt: (data && data.name) || "" }));
        if (href) box.append(el("p", {}, el("a", { href, download: (data && data.name) || "" }, "Download " + ((data && data.name) || "the file")),
          el("small", { text: " " + ((data && data.type) || "") })));
        break;
      }
      case "@deta/list": {
        const list = el("ul", { class: "items" });
        for (const item of (data && data.items) || []) {
          const li = el("li", {}, el("strong", { text: item.title || "" }), item.description ? el("span", { text: " " + item.description }) : null);
          if (safeHref(microUrl(action.micro, item.url))) li.append(" ", el("a", { href: microUrl(action.micro, item.url) }, "open"));
          if (item.view && item.view.type) {
            li.append(" ", el("button", { type: "button", onclick: () => li.append(renderView(action, item.view)) }, "View"));
          }
          list.append(li);
        }
        box.append(list);
        break;
      }
      case "@deta/raw":
        box.append(el("pre", { text: typeof data === "string" ? data : JSON.stringify(data, null, 2) }));
        break;
      default: {
        // the app's own view: its page, sandboxed (no cookies of this origin, no access to the dashboard), handed the data
        const frame = el("iframe", { src: microUrl(action.micro, result.type), sandbox: "allow-scripts", title: action.title + " (the app's view)" });
        frame.addEventListener("load", () => frame.contentWindow.postMessage(data, "*"));
        box.append(frame);
      }
    }
    return box;
  }
  function actionForm(a) {
    const result = el("div", { class: "result", "aria-live": "polite" });
    const fields = a.input.map((i) => {
      const id = "aa-" + a.name + "-" + i.name;
      const control = i.type === "boolean" ? el("input", { id, type: "checkbox", name: i.name })
        : el("input", { id, type: i.type === "number" ? "number" : "text", name: i.name, step: i.type === "number" ? "any" : null,
          required: i.optional ? null : "" });
      return el("label", { for: id }, (i.title || i.name) + (i.optional ? " (optional) " : " "), control);
    });
    const form = el("form", { class: "bar", "data-app-action": a.name }, ...fields, el("button", { type: "submit" }, "Run"));
    form.addEventListener("submit", guard(async (e) => {
      e.preventDefault();
      const inputs = {};
      for (const i of a.input) {
        const c = form.elements[i.name];
        if (i.type === "boolean") inputs[i.name] = c.checked;
        else if (c.value !== "") inputs[i.name] = i.type === "number" ? Number(c.value) : c.value;
      }
      result.replaceChildren(el("p", { text: "Running…" }));
      const started = performance.now();
      try {
        const out = await api("POST", "/__space/actions/" + encodeURIComponent(a.name), inputs);
        result.replaceChildren(renderView(a, out), el("small", { text: "ran in " + Math.round(performance.now() - started) + " ms" }));
        say(a.title + " ran");
      } catch (err) {
        result.replaceChildren(el("p", { class: "bad", text: err.message }));
      }
      await showAppActionRuns();
    }));
    return el("article", { class: "app-action", "data-app-action": a.name },
      el("h3", { text: a.title }, el("small", { text: " " + a.name + " · " + a.micro + " · " + a.output })), form, result,
      el("p", { class: "runs" }));
  }
  // each action's last runs, as the scheduled actions show theirs
  async function showAppActionRuns() {
    const runs = await api("GET", "/__space/api/app-actions/runs");
    document.querySelectorAll("article.app-action").forEach((art) => {
      const mine = runs.filter((r) => r.action === art.dataset.appAction).slice(0, 5);
      art.querySelector("p.runs").textContent = mine.length === 0 ? "" : "Last runs: " + mine.map((r) =>
        (r.status === 0 ? "no answer" : r.status) + " at " + new Date(r.at).toLocaleTimeString() + " (" + r.millis + " ms)").join(" · ");
    });
  }
  async function loadAppActions() {
    const actions = await api("GET", "/__space/actions");
    $("#app-actions-none").hidden = actions.length > 0;
    $("#app-actions-list").replaceChildren(...actions.map(actionForm));
    await showAppActionRuns();
  }
  $("#app-actions-reload").addEventListener("click", guard(async () => {
    const r = await api("POST", "/__space/api/app-actions/reload");
    await loadAppActions();
    say("Asked the micros again: " + r.actions + " action(s)");
  }));

  // ---------- the Spacefile on disk, while it is invalid ----------
  function renderProblems(problems) {
    const box = $("#spacefile-problems");
    box.hidden = problems.length === 0;
    $("#spacefile-problems ul").replaceChildren(...problems.map((p) => el("li", {}, el("code", { text: p }))));
  }

  // ---------- live ----------
  function connect() {
    const source = new EventSource("/__space/api/events?after=" + state.logsSeen);
    state.source = source;
    source.addEventListener("open", () => say("Live"));
    source.addEventListener("micros", (e) => { state.micros = JSON.parse(e.data); renderMicros(); });
    source.addEventListener("actions", (e) => { state.actions = JSON.parse(e.data); renderActions(); });
    source.addEventListener("problems", (e) => renderProblems(JSON.parse(e.data)));
    source.addEventListener("logs", (e) => {
      const lines = JSON.parse(e.data);
      if (lines.length) state.logsSeen = lines[lines.length - 1].seq;
      addLogs(lines);
    });
    source.addEventListener("error", () => {
      // reconnect ourselves, from the last line we have (EventSource would start over from the first URL)
      source.close();
      say("Reconnecting…");
      setTimeout(start, 2000);
    });
  }
  async function start() {
    try {
      const s = await api("GET", "/__space/api/state");
      $("#app-name").textContent = s.app;
      state.micros = s.micros; state.actions = s.actions;
      renderProblems(s.problems || []);
      if (state.logsSeen === 0) { state.logs = s.logs; state.logsSeen = s.logsSeen; renderLogs(true); }
      renderMicros(); renderActions();
      connect();
    } catch (e) {
      say("Not connected: " + e.message + " (is space-dev up still running?)");
      setTimeout(start, 3000);
    }
  }
  window.addEventListener("hashchange", show);
  show();
  start();
})();
