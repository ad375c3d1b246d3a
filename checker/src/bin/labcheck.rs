fn main() -> std::process::ExitCode {
    racelab_checker::cli::main()
}
