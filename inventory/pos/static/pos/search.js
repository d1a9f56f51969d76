// The till's search rule, for selling offline: the same normalisation and ranking as the server's
// (marketplace/core/text.py plain_key/tone_key, marketplace/catalogue/search.py parse_query and its boosts,
// inventory/pos/selectors.py till_rank), applied to the catalogue the till keeps. tests/pos/test_till_search.py
// runs this file under Node on the same cases as the server.
(function (root) {
  "use strict";

  const MAX_QUERY_LENGTH = 100;
  const MAX_QUERY_WORDS = 8;
  const EXACT_TONE_BOOST = 2.0;
  const NAME_PREFIX_BOOST = 1.0;
  // The five tone marks as combining characters: huyền, sắc, hỏi, ngã, nặng.
  const TONE_MARKS = { "\u0300": "2", "\u0301": "1", "\u0309": "3", "\u0303": "4", "\u0323": "5" };
  const WORD = /[\p{L}\p{N}_]+/gu; // Python's \w
  const TERM = /[\p{L}\p{N}]+/gu; // Python's [^\W_]
  const MARK = /\p{M}/gu;

  const words = (text, pattern) => text.match(pattern) || [];
  const nfc = (text) => (text || "").normalize("NFC").split(/\s+/).filter(Boolean).join(" ");

  function plainKey(text) {
    const decomposed = nfc(text).toLowerCase().replace(/đ/g, "d").normalize("NFD");
    return words(decomposed.replace(MARK, ""), WORD).join(" ");
  }

  function toneWord(word) {
    const decomposed = word.normalize("NFD");
    let tones = "";
    let base = "";
    for (const ch of decomposed) {
      if (ch in TONE_MARKS) tones += TONE_MARKS[ch];
      else base += ch;
    }
    return base.normalize("NFC") + tones;
  }

  function toneKey(text) {
    return words(nfc(text).toLowerCase(), WORD).map(toneWord).join(" ");
  }

  function parseQuery(raw) {
    const text = nfc(raw || "").slice(0, MAX_QUERY_LENGTH).trim();
    return {
      plain: words(plainKey(text), TERM).slice(0, MAX_QUERY_WORDS).join(" "),
      tone: words(toneKey(text), TERM).slice(0, MAX_QUERY_WORDS).join(" "),
    };
  }

  // Every query word is the start of a word of the product's search text (PostgreSQL's prefix match `word:*`).
  function matches(terms, item) {
    const own = (item.plain || "").split(" ");
    return terms.plain.split(" ").every((word) => own.some((w) => w.startsWith(word)));
  }

  function rankKey(terms, item) {
    let boost = 0;
    if (` ${item.tone} `.includes(` ${terms.tone} `)) boost += EXACT_TONE_BOOST;
    if ((item.plain || "").startsWith(terms.plain)) boost += NAME_PREFIX_BOOST;
    return [-boost, item.nameKey || "", item.product, item.order, item.id];
  }

  function compare(a, b) {
    for (let i = 0; i < a.length; i += 1) {
      if (a[i] < b[i]) return -1;
      if (a[i] > b[i]) return 1;
    }
    return 0;
  }

  // The items a query finds, best first, at most `limit`; none for a query of punctuation only.
  function search(items, query, limit) {
    const terms = parseQuery(query);
    if (!terms.plain) return [];
    return items
      .filter((item) => matches(terms, item))
      .map((item) => ({ item, key: rankKey(terms, item) }))
      .sort((a, b) => compare(a.key, b.key))
      .slice(0, limit || 20)
      .map((entry) => entry.item);
  }

  const api = { plainKey, toneKey, parseQuery, search };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.xqTillSearch = api;
})(this);
