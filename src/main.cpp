// castmap entry point (placeholder until the CLI lands).
#include <cstdio>

int main() {
  std::puts("castmap " CASTMAP_VERSION);
  return 0;
}
