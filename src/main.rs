//! The `tmxalign` command: all work is done by the library (`tmxalign::cli`).

fn main() {
    std::process::exit(tmxalign::cli::main());
}
