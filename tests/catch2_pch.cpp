// The translation unit that owns the Catch2 header every test binary reuses
// (tests/CMakeLists.txt); it has no code of its own.
