// Included by labs/build.rs and checker/build.rs (a build script is one
// file; this is the part they share).

/// Rust for the generated module tree: it stops the build if the tree was
/// generated in another copy of the kit (a build directory copied from
/// it), where its absolute `#[path]`s would compile that copy's exercise
/// files instead of this one's.
fn same_copy_guard(manifest: &std::path::Path) -> String {
    format!(
        r#"const _: () = {{
    const fn same(a: &str, b: &str) -> bool {{
        let (a, b) = (a.as_bytes(), b.as_bytes());
        if a.len() != b.len() {{
            return false;
        }}
        let mut i = 0;
        while i < a.len() {{
            if a[i] != b[i] {{
                return false;
            }}
            i += 1;
        }}
        true
    }}
    assert!(
        same(env!("CARGO_MANIFEST_DIR"), {:?}),
        "модули упражнений созданы для другой копии набора (папку сборки скопировали): выполните cargo clean / the exercises' modules were generated for another copy of the kit (its build directory was copied here): run cargo clean"
    );
}};
"#,
        manifest.display().to_string()
    )
}
