//! The page's entry point, built by Trunk. Its worker has a wasm of its own
//! (`src/bin/worker.rs`).

fn main() {
    ocilint_web::app::mount();
}
