//! The command line is the edge: only `main.rs`, `cli.rs` and the commands (`commands/`) know
//! its types; every layer below them (the model, replay, the database, the fleet) takes plain
//! values, so that it can be called — and tested — without clap, and never imports upward.

fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let path = e.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn only_the_edge_knows_the_command_line() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 100, "the source tree is read");
    let mut below: Vec<String> = Vec::new();
    for file in &files {
        let relative = file
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let edge =
            relative == "main.rs" || relative == "cli.rs" || relative.starts_with("commands/");
        if edge {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        if text.contains("crate::cli") || text.contains("hotelschema::cli") {
            below.push(relative);
        }
    }
    assert!(
        below.is_empty(),
        "these files below the commands import the command line's types; pass plain values \
         instead (as fleet::Rollout): {below:?}"
    );
}
