//! Computes the cache-busting version of static/ and makes cargo rebuild when migrations change
//! (they are embedded by `sqlx::migrate!`).

use std::fs;
use std::path::Path;

use sha2::{Digest, Sha256};

fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=static");

    let mut files: Vec<_> = fs::read_dir(Path::new("static"))
        .expect("static/ exists")
        .map(|entry| entry.expect("static/ is readable").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();

    let mut hasher = Sha256::new();
    for path in &files {
        hasher.update(
            path.file_name()
                .expect("a file has a name")
                .as_encoded_bytes(),
        );
        hasher.update(fs::read(path).expect("static file is readable"));
    }
    let digest = hasher.finalize();
    let version: String = digest
        .iter()
        .take(6)
        .map(|byte| format!("{byte:02x}"))
        .collect();
    println!("cargo:rustc-env=STATIC_VERSION={version}");
}
