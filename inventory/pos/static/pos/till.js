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
  const vnd = (n) => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ".") + " ₫";
  const plain = (s) =>
    s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
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

  function render() {
    const p = priced();
    const body = $("lines");
    body.textContent = "";
    p.rows.forEach(({ line, amount }, index) => {
      const tr = document.createElement("tr");
      tr.innerHTML =
        `<td><span class="line-name"></span><small></small></td>` +
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
      discount.addEventListener("change", () => {
        line.discount = Math.min(Math.max(parseFloat(discount.value) || 0, 0), parseFloat(config.maxDiscount));
        render();
        scan.focus();
      });
      tr.querySelector(".num").textContent = vnd(amount);
      tr.querySelector(".line-remove").addEventListener("click", () => setQty(index, 0));
      body.appendChild(tr);
    });
    $("empty-sale").hidden = lines.length > 0;
    $("subtotal").textContent = vnd(p.subtotal);
    $("discount").textContent = vnd(p.discount);
    $("total").textContent = vnd(p.total);
    $("pay").disabled = lines.length === 0;
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
    if (current >= 0) lines[current].qty += qty;
    else current = lines.push({ uuid: uuid4(), id: item.id, sku: item.sku, name: item.name, price: item.price, qty, discount: 0 }) - 1;
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

  function searchLocally(query) {
    const words = plain(query).split(/\s+/).filter(Boolean);
    return items.filter((item) => words.every((w) => plain(item.name).includes(w))).slice(0, 20);
  }

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
  $("sale-discount").addEventListener("change", () => {
    render();
    scan.focus();
  });
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
      // Kept for the offline receipt message only; the server works every amount out again.
      local_total: p.total,
      local_change: Math.max(t.cash - (p.total - t.card - t.qr), 0),
    };
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
      payDialog.close();
      done(outcome.sale, sale);
    } finally {
      $("pay-confirm").disabled = false;
      refreshBanner();
    }
  });

  function done(recorded, sale) {
    $("done-number").textContent = recorded ? recorded.receipt_number : "";
    $("done-change").textContent = vnd(recorded ? recorded.change : sale.local_change);
    $("done-offline").hidden = Boolean(recorded);
    const link = $("done-receipt");
    link.hidden = !recorded;
    if (recorded) link.href = recorded.receipt_url;
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
    }
  });
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
    list.forEach((item) => {
      if (item.barcode) catalogue.set(item.barcode.toLowerCase(), item);
      catalogue.set(item.sku.toLowerCase(), item);
    });
  }

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
