//! The page's entry point, built by Trunk.

fn main() {
    ocilint_web::app::mount();
}
