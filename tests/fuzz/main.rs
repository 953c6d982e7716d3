//! The tests that draw random inputs: the time-boxed fuzz targets (`HOTELSCHEMA_FUZZ_SECONDS`),
//! random schemas proven on a real server (`HOTELSCHEMA_FUZZ_DB_CASES`), and the property test
//! of `diff`. Apart from the rest, so a long run of them is `cargo test --test fuzz`.

#[path = "../common/mod.rs"]
mod common;

mod fuzz_generate_db;
mod fuzz_inputs;
mod generate_proptest;
