//! Two models, each generated as a module: their runtime code lives inside
//! each module, so they do not clash.

fn main() {
    for (model, module) in [
        ("../../model", "iot_jobs"),
        ("../fixtures/model", "fixtures"),
    ] {
        codegen::Builder::new()
            .model(model)
            .module(module)
            .generate_in_build_script()
            .unwrap_or_else(|e| panic!("{e}"));
    }
}
