// One of the page's verify workers (static/images.js starts them when an image is opened). It
// loads a wasm of its own (web/src/bin/verify.rs: core's blob scan and image verification) and
// answers one job at a time: scan a member (a folder's file, or a slice of an uncompressed
// archive), locate an uncompressed archive's members, scan a whole compressed archive, or verify
// the members scanned. Progress goes to the page as bytes read.
importScripts("./ocilint-verify.js");

const ready = wasm_bindgen({ module_or_path: "./ocilint-verify_bg.wasm" });

const read = (n) => self.postMessage({ read: n });

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
}

self.onmessage = async (event) => {
  await ready;
  const { id, scan, locate, archive, verify } = event.data;
  try {
    if (scan) {
      let whole = null;
      let sha256 = "";
      // Within the budget (the page has reserved the memory) the blob is read whole and hashed
      // by the browser's native SHA-256; beyond it, read in chunks and hashed by the wasm.
      if (scan.blob.size <= scan.budget) {
        const buffer = await scan.blob.arrayBuffer();
        sha256 = "sha256:" + hex(await crypto.subtle.digest("SHA-256", buffer));
        whole = new Uint8Array(buffer);
        read(buffer.byteLength);
      }
      const member = wasm_bindgen.ocilintScanMember(scan.path, whole, scan.blob, sha256, read);
      // The blob's bytes are let go of now, not when the collector next runs, so the page's
      // blob memory holds what its pool has reserved (ArrayBuffer.prototype.transfer detaches
      // the buffer and frees what it held).
      if (whole && whole.buffer.transfer) whole.buffer.transfer(0);
      self.postMessage({ id, member });
    } else if (locate) {
      self.postMessage({ id, located: wasm_bindgen.ocilintLocateArchive(locate.blob, locate.name) });
    } else if (archive) {
      const members = wasm_bindgen.ocilintScanArchive(archive.blob, archive.name, read);
      self.postMessage({ id, members });
    } else if (verify) {
      const answer = wasm_bindgen.ocilintVerify(verify.prefix, verify.members);
      self.postMessage({ id, answer });
    }
  } catch (error) {
    self.postMessage({ id, error: String(error) });
  }
};
