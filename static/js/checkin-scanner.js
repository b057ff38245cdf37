// Techfest scanner (/checkin/<point>): keyboard wedge, camera (vendored jsQR), name search,
// full-screen answer, undo, and offline mode (local Ed25519 check + queued upload).
(function () {
  "use strict";
  var app = document.getElementById("checkin-app");
  if (!app) return;
  var d = app.dataset;
  var wedge = document.getElementById("checkin-wedge");
  var overlay = document.getElementById("checkin-result");
  var undoBtn = document.getElementById("checkin-undo");
  var history = document.getElementById("checkin-history");
  var QUEUE_KEY = "tf-checkin-queue-" + d.point, BUNDLE_KEY = "tf-checkin-bundle-" + d.point;
  var lastNonce = null, hideTimer = null, busy = false;
  var COLOURS = {ok: "is-green", already_checked_in: "is-orange"};

  function nonce() { return (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random()).replace(/-/g, ""); }
  function direction() { var r = document.querySelector('input[name="direction"]:checked'); return r ? r.value : "in"; }
  function queue() { try { return JSON.parse(localStorage.getItem(QUEUE_KEY) || "[]"); } catch (e) { return []; } }
  function saveQueue(q) {
    localStorage.setItem(QUEUE_KEY, JSON.stringify(q));
    var badge = document.getElementById("checkin-queue");
    badge.textContent = q.length + " " + d.labelQueued;
    badge.classList.toggle("d-none", q.length === 0);
  }
  function setOnline(on) {
    var net = document.getElementById("checkin-net");
    net.className = "badge " + (on ? "text-bg-success" : "text-bg-danger");
    net.textContent = on ? d.labelOnline : d.labelOffline;
  }

  function show(answer) {
    var status = answer.status;
    overlay.className = "tf-checkin-result " + (COLOURS[status] || "is-red");
    document.getElementById("checkin-result-status").textContent = app.getAttribute("data-label-" + status) || status;
    var reg = answer.registration;
    document.getElementById("checkin-result-name").textContent = reg ? reg.name : "";
    var detail = reg ? (reg.organisation || "") : "";
    if (answer.first_checkin_at) {
      detail = app.getAttribute("data-label-first") + " " + new Date(answer.first_checkin_at).toLocaleTimeString();
    }
    if (answer.queued) detail = app.getAttribute("data-label-offline");
    document.getElementById("checkin-result-detail").textContent = detail;
    undoBtn.classList.toggle("d-none", status !== "ok" || answer.queued);
    lastNonce = answer.nonce;
    overlay.setAttribute("data-status", status);
    feedback(status);
    var li = document.createElement("li");
    li.className = "list-group-item";
    li.textContent = new Date().toLocaleTimeString() + " · " + (reg ? reg.name : "—") + " · " + (app.getAttribute("data-label-" + status) || status);
    history.insertBefore(li, history.firstChild);
    while (history.children.length > 20) history.removeChild(history.lastChild);
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, status === "ok" ? 2500 : 5000);
  }
  function hide() { overlay.classList.add("d-none"); wedge.value = ""; wedge.focus(); }

  function feedback(status) {
    try {
      if (navigator.vibrate) navigator.vibrate(status === "ok" ? 80 : [200, 100, 200]);
      var ctx = new (window.AudioContext || window.webkitAudioContext)();
      var osc = ctx.createOscillator();
      osc.frequency.value = status === "ok" ? 880 : (status === "already_checked_in" ? 440 : 220);
      osc.connect(ctx.destination); osc.start(); osc.stop(ctx.currentTime + 0.15);
    } catch (e) { /* no sound available */ }
  }

  function post(url, body) {
    return fetch(url, {method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": d.csrf}, body: JSON.stringify(body)});
  }

  function submit(item) {
    if (busy) return;
    busy = true;
    item.nonce = nonce();
    item.direction = direction();
    post(d.scanUrl, item).then(function (r) {
      if (r.status >= 500) throw new Error("server");
      return r.json().then(function (j) { return {ok: r.ok, json: j}; });
    }).then(function (res) {
      setOnline(true);
      if (res.ok) show(res.json); else show({status: "invalid", nonce: item.nonce});
      flush();
    }).catch(function () {
      setOnline(false);
      offlineScan(item);
    }).finally(function () { busy = false; });
  }

  // --- offline ------------------------------------------------------------------------
  function b64url(s) {
    s = s.replace(/-/g, "+").replace(/_/g, "/");
    while (s.length % 4) s += "=";
    var bin = atob(s), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  function varint(bytes, pos) {
    var value = 0, shift = 0, b;
    do { b = bytes[pos++]; value += (b & 0x7f) * Math.pow(2, shift); shift += 7; } while (b & 0x80);
    return [value, pos];
  }
  function parseToken(text) {
    var m = /(TF1\.[A-Za-z0-9_-]+)$/.exec((text || "").trim());
    if (!m) return null;
    var raw = b64url(m[1].slice(4));
    if (raw.length < 68) return null;
    var payload = raw.slice(0, raw.length - 64), sig = raw.slice(raw.length - 64);
    if ((payload[0] >> 5) !== 1 || ((payload[0] >> 4) & 1) !== 0) return null;
    var e = varint(payload, 1), r = varint(payload, e[1]), v = varint(payload, r[1]);
    return {edition: e[0], id: r[0], version: v[0], payload: payload, sig: sig};
  }
  function verifyLocal(claims, bundle) {
    if (!crypto.subtle || !bundle) return Promise.resolve(false);
    var domain = new TextEncoder().encode("TF1.techfest-badge\u0000");
    var msg = new Uint8Array(domain.length + claims.payload.length);
    msg.set(domain); msg.set(claims.payload, domain.length);
    return crypto.subtle.importKey("raw", b64url(bundle.public_key), {name: "Ed25519"}, false, ["verify"])
      .then(function (key) { return crypto.subtle.verify({name: "Ed25519"}, key, claims.sig, msg); })
      .catch(function () { return false; });
  }
  function bundle() { try { return JSON.parse(localStorage.getItem(BUNDLE_KEY)); } catch (e) { return null; } }

  function offlineScan(item) {
    item.scanned_at = new Date().toISOString();
    var q = queue(); q.push(item); saveQueue(q);
    var b = bundle(), claims = item.token ? parseToken(item.token) : null;
    var reg = null;
    if (b && item.registration_id) reg = b.registrations.find(function (x) { return x.id === item.registration_id; });
    if (!claims) {
      show(reg ? {status: "ok", registration: reg, queued: true, nonce: item.nonce}
               : {status: item.token ? "invalid" : "ok", queued: true, nonce: item.nonce});
      return;
    }
    verifyLocal(claims, b).then(function (good) {
      if (!good) return show({status: "invalid", queued: true, nonce: item.nonce});
      if (claims.edition !== b.edition_id) return show({status: "wrong_edition", queued: true, nonce: item.nonce});
      reg = b.registrations.find(function (x) { return x.id === claims.id; });
      if (!reg || reg.version !== claims.version) return show({status: "revoked", queued: true, nonce: item.nonce});
      var seen = JSON.parse(localStorage.getItem(BUNDLE_KEY + "-seen") || "{}");
      var key = claims.id + "@" + new Date().toDateString();
      if (b.point.single_entry && seen[key] && direction() === "in") {
        return show({status: "already_checked_in", registration: reg, first_checkin_at: seen[key], queued: true, nonce: item.nonce});
      }
      seen[key] = item.scanned_at; localStorage.setItem(BUNDLE_KEY + "-seen", JSON.stringify(seen));
      show({status: "ok", registration: reg, queued: true, nonce: item.nonce});
    });
  }
  function flush() {
    var q = queue();
    if (!q.length) return;
    post(d.batchUrl, {scans: q}).then(function (r) {
      if (!r.ok) throw new Error("upload");
      saveQueue(queue().filter(function (x) { return !q.some(function (y) { return y.nonce === x.nonce; }); }));
      setOnline(true);
    }).catch(function () { setOnline(false); });
  }
  function refreshBundle() {
    fetch(d.offlineUrl, {credentials: "same-origin"}).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (j) { if (j) localStorage.setItem(BUNDLE_KEY, JSON.stringify(j)); }).catch(function () {});
  }

  // --- inputs ---------------------------------------------------------------------------
  document.getElementById("checkin-wedge-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var text = wedge.value.trim();
    if (text) submit({token: text});
  });
  document.getElementById("checkin-next").addEventListener("click", hide);
  overlay.addEventListener("click", function (ev) { if (ev.target === overlay) hide(); });
  undoBtn.addEventListener("click", function () {
    if (!lastNonce) return;
    post(d.undoUrl, {nonce: lastNonce}).then(function (r) {
      if (r.ok) {
        document.getElementById("checkin-result-status").textContent = d.labelUndone;
        undoBtn.classList.add("d-none");
      }
    });
  });
  var searchBox = document.getElementById("checkin-search"), results = document.getElementById("checkin-search-results");
  var searchTimer = null;
  function runSearch() {
    var q = searchBox.value.trim();
    results.textContent = "";
    if (q.length < 2) return;
    fetch(d.searchUrl + "?q=" + encodeURIComponent(q), {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (j) { render(j.items); })
      .catch(function () {  // offline: search the stored list (accent-folded)
        var b = bundle(), f = fold(q);
        render(b ? b.registrations.filter(function (x) { return x.name_folded.indexOf(f) >= 0; }).slice(0, 20) : []);
      });
  }
  function fold(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase(); }
  function render(items) {
    results.textContent = "";
    items.forEach(function (reg) {
      var b = document.createElement("button");
      b.type = "button"; b.className = "list-group-item list-group-item-action";
      b.textContent = reg.name + (reg.organisation ? " · " + reg.organisation : "");
      b.addEventListener("click", function () { submit({registration_id: reg.id}); });
      results.appendChild(b);
    });
  }
  searchBox.addEventListener("input", function () { clearTimeout(searchTimer); searchTimer = setTimeout(runSearch, 250); });
  document.getElementById("checkin-search-form").addEventListener("submit", function (ev) { ev.preventDefault(); runSearch(); });

  // --- camera (jsQR, vendored in static/vendor by `make vendor`) ------------------------------
  var video = document.getElementById("checkin-video"), canvas = document.getElementById("checkin-canvas");
  var stream = null, lastText = "", lastAt = 0;
  document.getElementById("checkin-camera").addEventListener("click", function () {
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); stream = null; video.classList.add("d-none"); return; }
    if (!navigator.mediaDevices || !window.jsQR) return;
    navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}}).then(function (s) {
      stream = s; video.srcObject = s; video.classList.remove("d-none"); video.play(); requestAnimationFrame(tick);
    }).catch(function () {});
  });
  function tick() {
    if (!stream) return;
    if (video.readyState === video.HAVE_ENOUGH_DATA && overlay.classList.contains("d-none")) {
      canvas.width = video.videoWidth; canvas.height = video.videoHeight;
      var ctx = canvas.getContext("2d", {willReadFrequently: true});
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
      var img = ctx.getImageData(0, 0, canvas.width, canvas.height);
      var code = window.jsQR(img.data, img.width, img.height, {inversionAttempts: "dontInvert"});
      if (code && code.data && (code.data !== lastText || Date.now() - lastAt > 4000)) {
        lastText = code.data; lastAt = Date.now(); submit({token: code.data});
      }
    }
    requestAnimationFrame(tick);
  }

  if ("serviceWorker" in navigator) navigator.serviceWorker.register(d.swUrl, {scope: "/checkin/"}).catch(function () {});
  window.addEventListener("online", flush);
  saveQueue(queue());
  refreshBundle();
  setInterval(function () { flush(); }, 15000);
  setInterval(refreshBundle, 300000);
})();
