#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    tmxalign_fuzz::check_align(data);
});
