// Catch2 entry point for castmap_tests.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
