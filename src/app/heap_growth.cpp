// glibc's M_TOP_PAD: the extra room each heap grows by, and keeps when trimmed (heap_growth.hpp).
#include "src/app/heap_growth.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace castmap {

void grow_heaps_in_large_steps() {
#if defined(__GLIBC__)
  constexpr int kHeapStepBytes = 64 << 20;
  ::mallopt(M_TOP_PAD, kHeapStepBytes);
#endif
}

}  // namespace castmap
