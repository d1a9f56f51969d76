// The kiosk till: scan or search, build the sale, take payment, record it — and keep selling offline.
//
// Every sale, line and payment gets a UUID here, in the browser. A sale is first written to IndexedDB (the
// outbox), then sent to the server one sale per request; it leaves the outbox only when the server has answered.
// The server stores each UUID once, so a sale sent twice (a lost answer, a reload mid-sync) is recorded once.
// No build step: plain ES2017 that the kiosk tablets' browsers run as is.
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("till-config").textContent);
  const text = config.text;
  const $ = (id) => document.getElementById(id);
  const scan = $("scan");
  const results = $("results");
  const payDialog = $("pay-dialog");
  const doneDialog = $("done-dialog");

  let lines = []; // {uuid, id, sku, name, price, qty, discount}
  let current = -1; // the line last scanned: + / − / Delete act on it
  let signedOut = false; // the server's last answer was the login page: the session has expired
  let found = []; // search results shown
  let selected = -1;
  let catalogue = new Map(); // barcode / sku (lower case) → item
  let byId = new Map(); // variant id → item
  let items = [];

  // ---- helpers -------------------------------------------------------------------------------------------
  function uuid4() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  const english = !String(config.language || "vi").startsWith("vi");
  const vnd = window.xqMoney(config.language);
  const amountOf = (s) => parseInt(String(s).replace(/[^\d]/g, ""), 10) || 0;
  function csrf() {
    const m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
  function say(el, message) {
    $(el).textContent = message || "";
  }

  // ---- money: the server's rule (half up, once per line); shown here, decided there ------------------------
  function priced() {
    const saleDiscount = parseFloat($("sale-discount").value) || 0;
    let subtotal = 0;
    let total = 0;
    const rows = lines.map((l) => {
      const gross = l.price * l.qty;
      const lineDiscount = Math.round((gross * l.discount) / 100);
      const share = Math.round(((gross - lineDiscount) * saleDiscount) / 100);
      subtotal += gross;
      total += gross - lineDiscount - share;
      return { line: l, amount: gross - lineDiscount - share };
    });
    return { rows, subtotal, total, discount: subtotal - total, saleDiscount };
  }

  // The kiosk's discount cap, checked as the staff type (the server checks it again at "Hoàn tất", with the same
  // words): each line's own discount and the whole-sale one, compounded as the server compounds them.
  const maxDiscount = parseFloat(config.maxDiscount) || 0;
  const percentOf = (value) => (String(value).trim() === "" ? 0 : Number(value));
  function discountProblem() {
    const sale = percentOf($("sale-discount").value);
    const all = [sale, ...lines.map((l) => l.discount)];
    if (all.some((p) => !Number.isFinite(p) || p < 0 || p > 100)) return text.discountRange;
    const over = (p) => p > maxDiscount + 1e-9;
    if (over(sale) || lines.some((l) => over(l.discount) || over(100 - ((100 - l.discount) * (100 - sale)) / 100))) {
      return text.discountTooLarge;
    }
    return "";
  }

  // Amounts and checks, without rebuilding the rows (so a field being typed in keeps its focus).
  function refresh() {
    const p = priced();
    p.rows.forEach(({ line, amount }, index) => {
      const row = $("lines").children[index];
      if (!row) return;
      row.querySelector(".num").textContent = vnd(amount);
      const warning = row.querySelector(".line-warning");
      const short = line.stock !== null && line.stock !== undefined && line.qty > line.stock;
      warning.hidden = !short;
      warning.textContent = short ? text.noStock.replace("%s", line.stock) : "";
    });
    $("subtotal").textContent = vnd(p.subtotal);
    $("discount").textContent = vnd(p.discount);
    $("total").textContent = vnd(p.total);
    const problem = discountProblem();
    say("discount-message", problem);
    $("sale-discount").setAttribute("aria-invalid", problem ? "true" : "false");
    $("pay").disabled = lines.length === 0 || Boolean(problem);
  }

  function render() {
    const body = $("lines");
    body.textContent = "";
    lines.forEach((line, index) => {
      const tr = document.createElement("tr");
      tr.innerHTML =
        `<td><span class="line-name"></span><small></small><span class="line-warning" role="alert" hidden></span></td>` +
        `<td><input class="line-qty" type="number" min="1" step="1" aria-label="${text.quantity}"></td>` +
        `<td><input class="line-discount" type="number" min="0" max="${config.maxDiscount}" step="0.5" aria-label="${text.discount}"></td>` +
        `<td class="num"></td><td><button type="button" class="line-remove" aria-label="${text.remove}">×</button></td>`;
      tr.querySelector(".line-name").textContent = line.name;
      tr.querySelector("small").textContent = ` ${line.sku} · ${vnd(line.price)}`;
      const qty = tr.querySelector(".line-qty");
      qty.value = line.qty;
      qty.addEventListener("change", () => setQty(index, parseInt(qty.value, 10) || 1));
      const discount = tr.querySelector(".line-discount");
      discount.value = line.discount;
      discount.addEventListener("input", () => {
        line.discount = percentOf(discount.value);
        discount.setAttribute("aria-invalid", discountProblem() ? "true" : "false");
        refresh();
      });
      tr.querySelector(".line-remove").addEventListener("click", () => setQty(index, 0));
      body.appendChild(tr);
    });
    $("empty-sale").hidden = lines.length > 0;
    refresh();
  }

  function setQty(index, qty) {
    if (qty < 1) {
      lines.splice(index, 1);
      current = lines.length - 1;
    } else lines[index].qty = qty;
    render();
    scan.focus();
  }

  function add(item, qty) {
    // Scanning an item already on the sale adds to its line (unless that line has its own discount).
    current = lines.findIndex((l) => l.id === item.id && l.discount === 0);
    // The stock at this kiosk comes from the catalogue the till keeps; a line beyond it is still sold (the rules
    // let a kiosk's stock go negative), with a warning on the line.
    const known = byId.get(item.id) || item;
    if (current >= 0) lines[current].qty += qty;
    else {
      const line = { uuid: uuid4(), id: item.id, sku: item.sku, name: item.name, price: item.price, qty, discount: 0 };
      line.stock = known.stock;
      current = lines.push(line) - 1;
    }
    say("scan-message", "");
    showResults([]);
    render();
  }

  // ---- finding items: barcode/SKU from the local catalogue, names from the server (or locally offline) -------
  function showResults(list) {
    found = list;
    selected = list.length ? 0 : -1;
    results.textContent = "";
    list.forEach((item, i) => {
      const li = document.createElement("li");
      li.setAttribute("role", "option");
      li.id = `result-${i}`;
      li.textContent = `${item.name} — ${vnd(item.price)}`;
      li.addEventListener("mousedown", (event) => {
        event.preventDefault();
        add(item, 1);
      });
      results.appendChild(li);
    });
    highlight();
  }

  function highlight() {
    Array.from(results.children).forEach((li, i) => li.setAttribute("aria-selected", i === selected ? "true" : "false"));
    if (selected >= 0) scan.setAttribute("aria-activedescendant", `result-${selected}`);
    else scan.removeAttribute("aria-activedescendant");
  }

  // Offline the stored catalogue is searched by the server's own rule (search.js), so results rank the same.
  const searchLocally = (query) => window.xqTillSearch.search(items, query, 20);

  async function search(query) {
    if (!navigator.onLine) return searchLocally(query);
    try {
      const response = await fetch(`${config.searchUrl}?q=${encodeURIComponent(query)}`, { credentials: "same-origin" });
      if (!response.ok) throw new Error(response.status);
      return (await response.json()).items;
    } catch (error) {
      return searchLocally(query);
    }
  }

  async function submitScan() {
    let query = scan.value.trim();
    if (!query) {
      if (found.length === 0 && lines.length) openPay();
      return;
    }
    if (selected >= 0 && found[selected] && found.length && !/^\d+\*/.test(query) && !catalogue.has(query.toLowerCase())) {
      add(found[selected], 1);
      scan.value = "";
      return;
    }
    let qty = 1;
    const multiplied = query.match(/^(\d{1,4})\*(.+)$/);
    if (multiplied) {
      qty = parseInt(multiplied[1], 10);
      query = multiplied[2].trim();
    }
    scan.value = "";
    const exact = catalogue.get(query.toLowerCase());
    if (exact) return add(exact, qty);
    const list = await search(query);
    if (list.length === 1) return add(list[0], qty);
    if (!list.length) return say("scan-message", text.notFound.replace("%s", query));
    showResults(list);
  }

  scan.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      submitScan();
    } else if (event.key === "ArrowDown" && found.length) {
      event.preventDefault();
      selected = (selected + 1) % found.length;
      highlight();
    } else if (event.key === "ArrowUp" && found.length) {
      event.preventDefault();
      selected = (selected - 1 + found.length) % found.length;
      highlight();
    } else if (event.key === "Escape") {
      scan.value = "";
      showResults([]);
    } else if (!scan.value && lines[current] && (event.key === "+" || event.key === "-")) {
      event.preventDefault();
      setQty(current, lines[current].qty + (event.key === "+" ? 1 : -1));
    } else if (!scan.value && lines[current] && event.key === "Delete") {
      event.preventDefault();
      setQty(current, 0);
    }
  });
  let typing;
  scan.addEventListener("input", () => {
    clearTimeout(typing);
    const query = scan.value.trim();
    // Scanners type digits fast and end with Enter: only words are searched while typing.
    if (query.length < 2 || /^[\d*]+$/.test(query)) return showResults([]);
    typing = setTimeout(async () => {
      if (scan.value.trim() === query) showResults(await search(query));
    }, 150);
  });
  // The scan field keeps the focus, unless the person is typing into another field or a dialog is open.
  document.addEventListener("click", (event) => {
    if (payDialog.open || doneDialog.open) return;
    if (!event.target.closest("input, select, textarea, a, button")) scan.focus();
  });
  $("sale-discount").addEventListener("input", refresh);
  $("clear").addEventListener("click", () => {
    if (lines.length && !window.confirm(text.confirmClear)) return;
    lines = [];
    current = -1;
    render();
    scan.focus();
  });

  // ---- payment ------------------------------------------------------------------------------------------
  const cashField = $("pay-cash");
  const cardField = $("pay-card");
  const cardRef = $("pay-card-ref");
  const qrField = $("pay-qr");

  function tenders() {
    return { cash: amountOf(cashField.value), card: amountOf(cardField.value), qr: qrField ? amountOf(qrField.value) : 0 };
  }

  function updateChange() {
    const { total } = priced();
    const t = tenders();
    const dueInCash = total - t.card - t.qr;
    $("pay-change").textContent = vnd(Math.max(t.cash - Math.max(dueInCash, 0), 0));
  }

  function openPay() {
    if (discountProblem()) return refresh();
    const { total } = priced();
    $("pay-total").textContent = vnd(total);
    cashField.value = String(total);
    cardField.value = "";
    cardRef.value = "";
    if (qrField) {
      qrField.value = "";
      $("pay-qr-image").textContent = "";
    }
    say("pay-message", "");
    const quick = $("pay-quick");
    quick.textContent = "";
    const notes = [10000, 20000, 50000, 100000, 200000, 500000];
    const suggestions = new Set([total]);
    notes.forEach((note) => suggestions.add(Math.ceil(total / note) * note));
    Array.from(suggestions)
      .sort((a, b) => a - b)
      .slice(0, 5)
      .forEach((amount) => {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = vnd(amount);
        button.addEventListener("click", () => {
          cashField.value = String(amount);
          updateChange();
          cashField.focus();
        });
        quick.appendChild(button);
      });
    updateChange();
    payDialog.showModal();
    cashField.focus();
    cashField.select();
  }

  [cashField, cardField, qrField].filter(Boolean).forEach((field) => field.addEventListener("input", updateChange));
  if (qrField) {
    qrField.addEventListener("change", () => {
      const amount = amountOf(qrField.value);
      const box = $("pay-qr-image");
      box.textContent = "";
      if (amount > 0 && navigator.onLine) {
        const img = document.createElement("img");
        img.alt = text.qrAlt.replace("%s", vnd(amount));
        img.src = `${config.vietqrUrl}?amount=${amount}`;
        box.appendChild(img);
      }
    });
  }
  $("pay").addEventListener("click", openPay);
  $("pay-cancel").addEventListener("click", () => payDialog.close());
  payDialog.addEventListener("close", () => {
    if (!doneDialog.open) scan.focus();
  });

  function buildSale() {
    const p = priced();
    const t = tenders();
    const payments = [];
    if (t.card) payments.push({ client_uuid: uuid4(), method: "card", amount: t.card, reference: cardRef.value.trim() });
    if (t.qr) payments.push({ client_uuid: uuid4(), method: "vietqr", amount: t.qr });
    if (t.cash) payments.push({ client_uuid: uuid4(), method: "cash", amount: t.cash });
    return {
      client_uuid: uuid4(),
      created_at: new Date().toISOString(),
      discount: String(p.saleDiscount),
      lines: lines.map((l) => ({ client_uuid: l.uuid, variant_id: l.id, quantity: l.qty, discount_percent: String(l.discount) })),
      payments,
      // Kept for the offline receipt only; the server works every amount out again and gives the real number.
      local_total: p.total,
      local_change: Math.max(t.cash - (p.total - t.card - t.qr), 0),
      local_discount: p.discount,
      local_lines: p.rows.map(({ line, amount }) => ({ name: line.name, sku: line.sku, qty: line.qty, amount })),
      local_payments: payments.map((x) => ({ method: x.method, amount: x.amount })),
    };
  }

  // A provisional receipt number, given at once to a sale that could not reach the server: the kiosk's prefix,
  // "T" and this tablet's own counter (HA-T0001). The real number (HA-000123) is given when the sale syncs.
  function provisionalNumber() {
    const key = `xq-pos-provisional-${config.kiosk}`;
    let next = 1;
    try {
      next = (parseInt(localStorage.getItem(key), 10) || 0) + 1;
      localStorage.setItem(key, String(next));
    } catch (error) {
      next = Date.now() % 10000;
    }
    return `${config.receiptPrefix}-T${String(next).padStart(4, "0")}`;
  }

  $("pay-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const { total } = priced();
    const t = tenders();
    if (t.cash + t.card + t.qr < total) return say("pay-message", text.notEnough.replace("%s", vnd(total - t.cash - t.card - t.qr)));
    if (t.card && !cardRef.value.trim()) {
      cardRef.focus();
      return say("pay-message", text.cardReference);
    }
    const sale = buildSale();
    $("pay-confirm").disabled = true;
    try {
      await outbox.put(sale);
      const outcome = await send(sale);
      if (outcome.errors) {
        await outbox.remove(sale.client_uuid);
        return say("pay-message", outcome.errors.map((e) => e.message).join(" "));
      }
      if (!outcome.sale) {
        sale.provisional = provisionalNumber();
        await outbox.put(sale);
      }
      payDialog.close();
      done(outcome.sale, sale);
    } finally {
      $("pay-confirm").disabled = false;
      refreshBanner();
    }
  });

  function done(recorded, sale) {
    $("done-number").textContent = recorded ? recorded.receipt_number : `${text.provisional} ${sale.provisional}`;
    $("done-change").textContent = vnd(recorded ? recorded.change : sale.local_change);
    $("done-offline").hidden = Boolean(recorded);
    const link = $("done-receipt");
    link.hidden = !recorded;
    $("done-print").hidden = Boolean(recorded);
    if (recorded) link.href = recorded.receipt_url;
    else fillProvisionalReceipt(sale);
    lines = [];
    current = -1;
    $("sale-discount").value = "0";
    render();
    doneDialog.showModal();
    $("done-next").focus();
  }
  doneDialog.addEventListener("keydown", (event) => {
    if ((event.key === "p" || event.key === "P") && !$("done-receipt").hidden) {
      event.preventDefault();
      window.open($("done-receipt").href + "?in=1", "_blank", "noopener");
    } else if ((event.key === "p" || event.key === "P") && !$("done-print").hidden) {
      event.preventDefault();
      window.print();
    }
  });
  $("done-print").addEventListener("click", () => window.print());

  // The offline receipt, printed from this page (print styles show only it): what the customer bought and paid,
  // under the provisional number.
  function fillProvisionalReceipt(sale) {
    $("print-number").textContent = sale.provisional;
    $("print-time").textContent = new Date(sale.created_at).toLocaleString(english ? "en-GB" : "vi-VN");
    const body = $("print-lines");
    body.textContent = "";
    sale.local_lines.forEach((line) => {
      const tr = document.createElement("tr");
      const name = document.createElement("td");
      name.textContent = `${line.qty} × ${line.name}`;
      const amount = document.createElement("td");
      amount.className = "num";
      amount.textContent = vnd(line.amount);
      tr.append(name, amount);
      body.appendChild(tr);
    });
    $("print-discount").textContent = vnd(sale.local_discount || 0);
    $("print-total").textContent = vnd(sale.local_total);
    $("print-change").textContent = vnd(sale.local_change);
  }

  // ---- after a sync: the real numbers of sales made offline, with their final receipts ---------------------
  function noteSynced(sale, recorded) {
    const li = document.createElement("li");
    const message = document.createElement("strong");
    message.textContent = text.synced.replace("%s", recorded.receipt_number);
    li.appendChild(message);
    if (sale.provisional) li.append(` ${text.provisionalWas.replace("%s", sale.provisional)} `);
    const link = document.createElement("a");
    link.href = recorded.receipt_url;
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = text.finalReceipt;
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = text.dismiss;
    close.addEventListener("click", () => li.remove());
    li.append(link, " ", close);
    $("synced").appendChild(li);
  }
  $("done-next").addEventListener("click", () => doneDialog.close());
  doneDialog.addEventListener("close", () => scan.focus());

  // ---- the server ----------------------------------------------------------------------------------------
  // {sale} when recorded (or already recorded), {errors} when refused, {} when it could not be reached.
  async function send(sale) {
    let response;
    try {
      response = await fetch(config.saleUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
        body: JSON.stringify(sale),
      });
    } catch (error) {
      return {};
    }
    // Only the endpoint's own JSON counts: a login page after an expired session, a proxy's error page or a CSRF
    // refusal is not an answer about this sale, which stays in the outbox for the next sync.
    const isJson = (response.headers.get("Content-Type") || "").startsWith("application/json");
    signedOut = response.redirected;
    if (response.ok && isJson && !response.redirected) {
      const body = await response.json();
      await outbox.remove(sale.client_uuid);
      return { sale: body };
    }
    if ((response.status === 400 || response.status === 403) && isJson) {
      return { errors: (await response.json()).errors };
    }
    return {};
  }

  // ---- IndexedDB: the outbox of unsynced sales and the catalogue for selling offline -----------------------
  const outbox = (function () {
    let db;
    function open() {
      if (db) return Promise.resolve(db);
      return new Promise((resolve, reject) => {
        const request = indexedDB.open("xq-pos", 1);
        request.onupgradeneeded = () => {
          request.result.createObjectStore("outbox", { keyPath: "client_uuid" });
          request.result.createObjectStore("catalogue");
        };
        request.onsuccess = () => resolve((db = request.result));
        request.onerror = () => reject(request.error);
      });
    }
    function run(store, mode, work) {
      return open().then(
        (database) =>
          new Promise((resolve, reject) => {
            const tx = database.transaction(store, mode);
            const result = work(tx.objectStore(store));
            tx.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
            tx.onerror = () => reject(tx.error);
          })
      );
    }
    return {
      put: (sale) => run("outbox", "readwrite", (s) => s.put({ ...sale, kiosk: config.kiosk })),
      remove: (id) => run("outbox", "readwrite", (s) => s.delete(id)),
      all: () => run("outbox", "readonly", (s) => s.getAll()).then((all) => all.filter((x) => x.kiosk === config.kiosk)),
      saveCatalogue: (list) => run("catalogue", "readwrite", (s) => s.put(list, config.kiosk)),
      loadCatalogue: () => run("catalogue", "readonly", (s) => s.get(config.kiosk)),
    };
  })();

  let syncing = false;
  async function sync() {
    if (syncing || !navigator.onLine) return refreshBanner();
    syncing = true;
    try {
      const waiting = (await outbox.all()).sort((a, b) => a.created_at.localeCompare(b.created_at));
      for (const sale of waiting) {
        const outcome = await send(sale);
        if (outcome.sale) noteSynced(sale, outcome.sale);
        if (outcome.errors) {
          // Refused for good (say a price removed meanwhile): keep it aside for a manager, stop retrying it.
          await outbox.remove(sale.client_uuid);
          await outbox.put({ ...sale, refused: outcome.errors });
        }
        if (!outcome.sale && !outcome.errors) break;
      }
    } finally {
      syncing = false;
      refreshBanner();
    }
  }

  async function refreshBanner() {
    const kept = await outbox.all();
    const waiting = kept.filter((sale) => !sale.refused);
    const refused = kept.length - waiting.length;
    const offline = !navigator.onLine;
    $("offline-banner").hidden = !offline && !signedOut && kept.length === 0;
    $("offline-banner").classList.toggle("is-offline", offline || refused > 0);
    say("offline-state", offline ? text.offline : signedOut ? text.signedOut : text.syncing);
    say(
      "outbox-count",
      text.waiting.replace("%s", waiting.length) + (refused ? ` · ${text.refused.replace("%s", refused)}` : "")
    );
  }

  async function loadCatalogue() {
    let list = null;
    try {
      const response = await fetch(config.catalogueUrl, { credentials: "same-origin" });
      if (response.ok) {
        list = (await response.json()).items;
        outbox.saveCatalogue(list);
      }
    } catch (error) {
      list = null;
    }
    if (!list) list = (await outbox.loadCatalogue()) || [];
    items = list;
    catalogue = new Map();
    byId = new Map();
    list.forEach((item) => {
      if (item.barcode) catalogue.set(item.barcode.toLowerCase(), item);
      catalogue.set(item.sku.toLowerCase(), item);
      byId.set(item.id, item);
    });
    showGroups();
  }

  // ---- tiles to tap: the kiosk's best sellers, everything, or one group (OCOP category) ----------------------
  const FAVOURITES = "\u0001favourites";
  const ALL = "\u0001all";
  let group = null;
  // The groups scroll sideways on a narrow screen: fade the edge past which more groups wait (pos.css).
  function showGroupsCue() {
    const bar = $("groups");
    const hidden = bar.scrollWidth - bar.clientWidth;
    $("groups-frame").classList.toggle("more-before", bar.scrollLeft > 1);
    $("groups-frame").classList.toggle("more-after", bar.scrollLeft < hidden - 1);
  }
  $("groups").addEventListener("scroll", showGroupsCue, { passive: true });
  window.addEventListener("resize", showGroupsCue);

  function showGroups() {
    const favourites = (config.favourites || []).filter((id) => byId.has(id));
    const groups = Array.from(new Set(items.map((item) => item.group).filter(Boolean))).sort((a, b) =>
      a.localeCompare(b, config.language)
    );
    const choices = [...(favourites.length ? [[FAVOURITES, text.favourites]] : []), [ALL, text.all], ...groups.map((g) => [g, g])];
    if (!choices.some(([key]) => key === group)) group = choices[0][0];
    const bar = $("groups");
    bar.textContent = "";
    choices.forEach(([key, label]) => {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = label;
      button.setAttribute("aria-pressed", key === group ? "true" : "false");
      button.addEventListener("click", () => {
        group = key;
        showGroups();
      });
      bar.appendChild(button);
    });
    showGroupsCue();
    let shown;
    if (group === FAVOURITES) shown = favourites.map((id) => byId.get(id));
    else if (group === ALL) shown = items;
    else shown = items.filter((item) => item.group === group);
    const tiles = $("tiles");
    tiles.textContent = "";
    shown.forEach((item) => {
      const li = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "tile";
      if (item.thumb) {
        const img = document.createElement("img");
        img.src = item.thumb;
        img.alt = "";
        img.loading = "lazy";
        img.width = 96;
        img.height = 96;
        button.appendChild(img);
      } else {
        const none = document.createElement("span");
        none.className = "tile-nophoto";
        none.textContent = text.noPhoto;
        button.appendChild(none);
      }
      const name = document.createElement("span");
      name.className = "tile-name";
      name.textContent = item.name;
      const price = document.createElement("strong");
      price.textContent = vnd(item.price);
      button.append(name, price);
      if (item.stock !== null && item.stock !== undefined && item.stock <= 0) button.classList.add("tile-empty");
      button.addEventListener("click", () => add(item, 1));
      li.appendChild(button);
      tiles.appendChild(li);
    });
  }

  // Key hints only help someone at a keyboard: shown from the first key pressed, hidden again on a touch.
  document.addEventListener("keydown", () => document.body.classList.add("uses-keyboard"));
  document.addEventListener("pointerdown", (event) => {
    if (event.pointerType === "touch") document.body.classList.remove("uses-keyboard");
  });

  if ("serviceWorker" in navigator) {
    // Lets the till page itself load while offline; the page works without it, only a reload needs it.
    navigator.serviceWorker.register(config.serviceWorkerUrl, { scope: config.scope }).catch(() => {});
  }
  window.addEventListener("online", sync);
  window.addEventListener("offline", refreshBanner);
  setInterval(sync, 15000);
  render();
  loadCatalogue();
  sync();
  scan.focus();
})();
