// The offline certificate check (/verify/offline/). Inline in its page, so a saved copy is one file: it reads the
// issuer's public keys from the page and checks the QR code's Ed25519 signature with the browser's Web Crypto,
// never the network. The format is incentives/credentials.py's: base64url(body) "." base64url(signature), the
// body nine lines: TPC1, key id, serial, name, department, honour, cycle, issuer, date of issue.
(function () {
  "use strict";
  var keys = JSON.parse(document.getElementById("issuer-keys").textContent);

  function bytes(text) {
    if (!/^[A-Za-z0-9_-]*$/.test(text)) { throw new Error("not base64url"); }
    var binary = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
    return Uint8Array.from(binary, function (ch) { return ch.charCodeAt(0); });
  }

  function payloadOf(text) {
    text = text.trim();
    if (text.indexOf("?") < 0) { return text; }
    var found = /[?&]s=([^&#\s]*)/.exec(text);
    return found ? decodeURIComponent(found[1]) : "";
  }

  async function check(text) {
    var parts = payloadOf(text).split(".");
    if (parts.length !== 2) { return null; }
    var body, signature, fields;
    try {
      body = bytes(parts[0]);
      signature = bytes(parts[1]);
      fields = new TextDecoder("utf-8", {fatal: true}).decode(body).split("\n");
    } catch (error) {
      return null;
    }
    if (fields.length !== 9 || fields[0] !== "TPC1" || !Object.prototype.hasOwnProperty.call(keys, fields[1])) {
      return null;
    }
    var key = await crypto.subtle.importKey("jwk", {kty: "OKP", crv: "Ed25519", x: keys[fields[1]]},
                                            {name: "Ed25519"}, false, ["verify"]);
    return await crypto.subtle.verify({name: "Ed25519"}, key, signature, body) ? fields : null;
  }

  function show(id) {
    ["genuine", "forged", "unsupported"].forEach(function (name) {
      document.getElementById(name).hidden = name !== id;
    });
  }

  document.getElementById("check").addEventListener("submit", async function (event) {
    event.preventDefault();
    var fields;
    try {
      fields = await check(document.getElementById("qr").value);
    } catch (error) {
      // An old browser has no Web Crypto, or none for Ed25519 (NotSupportedError).
      show(!window.crypto || !crypto.subtle || error.name === "NotSupportedError" ? "unsupported" : "forged");
      return;
    }
    if (!fields) { show("forged"); return; }
    document.querySelectorAll("#genuine [data-field]").forEach(function (cell) {
      cell.textContent = fields[Number(cell.dataset.field)];
    });
    show("genuine");
  });
})();
