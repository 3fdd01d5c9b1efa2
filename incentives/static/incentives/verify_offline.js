// The offline certificate check (/verify/offline/). Inline in its page, so a saved copy is one file: it reads the
// issuer's public keys from the page and checks Ed25519 signatures with the browser's Web Crypto, never the network.
// It reads two things (incentives/credentials.py): a QR code's text, base64url(body) "." base64url(signature), the
// body nine lines: TPC1, key id, serial, name, department, honour, cycle, issuer, date of issue; and an Open Badges
// credential's VC-JWT (header.payload.signature, EdDSA, the key id in the header).
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

  async function verified(kid, signature, signed) {
    if (!Object.prototype.hasOwnProperty.call(keys, kid)) { return false; }
    var key = await crypto.subtle.importKey("jwk", {kty: "OKP", crv: "Ed25519", x: keys[kid]},
                                            {name: "Ed25519"}, false, ["verify"]);
    return crypto.subtle.verify({name: "Ed25519"}, key, signature, signed);
  }

  function json(part) {
    return JSON.parse(new TextDecoder("utf-8", {fatal: true}).decode(bytes(part)));
  }

  // A VC-JWT: what the credential says, if a key of the page signed it; null otherwise.
  async function checkJwt(parts) {
    var header, claims, signature;
    try {
      header = json(parts[0]);
      claims = json(parts[1]);
      signature = bytes(parts[2]);
    } catch (error) {
      return null;
    }
    if (header.alg !== "EdDSA" || typeof header.kid !== "string" || !claims.credentialSubject) { return null; }
    var signed = new TextEncoder().encode(parts[0] + "." + parts[1]);
    if (!await verified(header.kid, signature, signed)) { return null; }
    var achievement = claims.credentialSubject.achievement || {};
    return [claims.name, achievement.name, (claims.issuer || {}).name, claims.validFrom,
            (claims.credentialStatus || {}).statusListCredential, header.kid];
  }

  async function check(text) {
    var parts = payloadOf(text).split(".");
    if (parts.length === 3) { return {kind: "credential", fields: await checkJwt(parts)}; }
    if (parts.length !== 2) { return null; }
    var body, signature, fields;
    try {
      body = bytes(parts[0]);
      signature = bytes(parts[1]);
      fields = new TextDecoder("utf-8", {fatal: true}).decode(body).split("\n");
    } catch (error) {
      return null;
    }
    if (fields.length !== 9 || fields[0] !== "TPC1") { return null; }
    return {kind: "genuine", fields: await verified(fields[1], signature, body) ? fields : null};
  }

  function show(id) {
    ["genuine", "credential", "forged", "unsupported"].forEach(function (name) {
      document.getElementById(name).hidden = name !== id;
    });
  }

  document.getElementById("check").addEventListener("submit", async function (event) {
    event.preventDefault();
    var found;
    try {
      found = await check(document.getElementById("qr").value);
    } catch (error) {
      // An old browser has no Web Crypto, or none for Ed25519 (NotSupportedError).
      show(!window.crypto || !crypto.subtle || error.name === "NotSupportedError" ? "unsupported" : "forged");
      return;
    }
    if (!found || !found.fields) { show("forged"); return; }
    document.querySelectorAll("#" + found.kind + " [data-field]").forEach(function (cell) {
      cell.textContent = found.fields[Number(cell.dataset.field)] || "";
    });
    show(found.kind);
  });
})();
