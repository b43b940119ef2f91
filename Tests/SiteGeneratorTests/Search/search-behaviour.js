// Run by SearchScriptTests with node: node search-behaviour.js <search.js> <search-index.js>
// Loads the theme's search script as a module and the index as the page would (a script
// that sets window.notegraphSearchIndex), then checks what queries find. Exits 1 on the
// first failed check, naming it.
"use strict";
const fs = require("fs");
const vm = require("vm");
const assert = require("assert");
const search = require(process.argv[2]);
const page = { window: {} };
vm.runInNewContext(fs.readFileSync(process.argv[3], "utf8"), page);
const docs = search.prepare(page.window.notegraphSearchIndex);
const titles = (query) => search.search(docs, query).map((r) => r.doc.title);
const checks = [];
function check(name, body) { checks.push([name, body]); }

check("the index loads whole", () => assert.strictEqual(docs.length, 6));
check("a title is found in any case", () => assert.deepStrictEqual(titles("vae").slice(0, 1), ["VAE"]));
check("a title beats a mention in the text", () => {
  const found = titles("elbo");
  assert.strictEqual(found[0], "ELBO");
  assert.ok(found.includes("VAE"), "the VAE note mentions the ELBO in its text");
});
check("Korean words match with their particles attached", () => assert.deepStrictEqual(titles("오토인코더"), ["VAE"]));
check("a query typed in NFD finds NFC text", () => assert.deepStrictEqual(titles("오토인코더".normalize("NFD")), ["VAE"]));
check("every word must be found", () => {
  assert.deepStrictEqual(titles("vae 오토인코더"), ["VAE"]);
  assert.deepStrictEqual(titles("vae nonexistentword"), []);
});
check("a name typed without its spaces or hyphens", () => {
  assert.deepStrictEqual(titles("autoencoder").slice(0, 1), ["Auto Encoder"]);
  assert.deepStrictEqual(titles("auto-encoder").slice(0, 1), ["Auto Encoder"]);
});
check("aliases find their concept", () => assert.deepStrictEqual(titles("kullback"), ["KL divergence"]));
check("a note by its tag", () => assert.deepStrictEqual(titles("generative"), ["VAE"]));
check("a heading match leads to its section", () => {
  const hit = search.search(docs, "reparameterization")[0];
  assert.strictEqual(hit.doc.title, "VAE");
  assert.strictEqual(hit.doc.sections[hit.section].fragment, "reparameterization-trick");
});
check("blank queries find nothing", () => {
  assert.deepStrictEqual(titles(""), []);
  assert.deepStrictEqual(titles("   "), []);
});
check("equal scores keep the index order", () => assert.deepStrictEqual(titles("note"), ["Note A", "Note B"]));
check("the limit is kept", () => assert.strictEqual(search.search(docs, "e", 2).length, 2));
check("a snippet marks the words and says where it was cut", () => {
  const text = "x ".repeat(200) + "the reparameterization trick moves the noise out";
  const cut = search.snippet(text, search.fold(text), ["noise"], 60);
  assert.ok(cut.text.startsWith("…"));
  assert.strictEqual(cut.marks.length, 1);
  const [from, to] = cut.marks[0];
  assert.strictEqual(cut.text.slice(from, to), "noise");
});
check("a snippet marks each word, overlaps merged", () => {
  const text = "ELBO는 evidence lower bound의 약자";
  const cut = search.snippet(text, search.fold(text), ["elbo", "lower", "lower bound"], 180);
  assert.deepStrictEqual(cut.marks.map(([a, b]) => cut.text.slice(a, b)), ["ELBO", "lower bound"]);
});
check("a snippet starts at a word and marks no cut-off word at its end", () => {
  const text = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar batch papa";
  const key = search.fold(text);
  let cutInside = 0;
  for (let room = 20; room <= 120; room++) {
    const cut = search.snippet(text, key, ["kilo", "batch"], room);
    for (const [a, b] of cut.marks) assert.ok(["kilo", "batch"].includes(cut.text.slice(a, b)), `room ${room}: ${cut.text}`);
    if (cut.text.startsWith("…")) {
      const from = text.indexOf(cut.text.slice(1).replace(/…$/, ""));
      assert.strictEqual(text[from - 1], " ", `room ${room} starts inside a word: ${cut.text}`);
    }
    const shown = cut.text.replace(/^…/, "").replace(/…$/, "");
    if (shown.includes("ba") && !shown.includes("batch")) cutInside++;
  }
  assert.ok(cutInside > 0, "some room ends the snippet inside the second word");
});
check("a snippet never splits a surrogate pair", () => {
  const text = "😀".repeat(100) + " target";
  const cut = search.snippet(text, search.fold(text), ["target"], 30);
  assert.ok(!/^…[\uDC00-\uDFFF]/.test(cut.text));
});

let failed = 0;
for (const [name, body] of checks) {
  try { body(); } catch (error) { failed++; console.error(`FAIL ${name}: ${error.message}`); }
}
console.log(`${checks.length - failed} of ${checks.length} checks passed`);
process.exit(failed ? 1 : 0);
