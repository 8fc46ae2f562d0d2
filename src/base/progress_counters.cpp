// The process's one set of progress counters.
#include "src/base/progress_counters.hpp"

namespace castmap {

ProgressCounters& progress() {
  static ProgressCounters counters;
  return counters;
}

}  // namespace castmap
