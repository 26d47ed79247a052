//! The page's entry point, built by Trunk. The same wasm also runs in the page's worker
//! (`static/worker.js`), where `mount` finds no window and does nothing.

fn main() {
    ocilint_web::app::mount();
}
