// The write floor for the benchmark: what creating a cold export's files costs the file system
// alone. Reads every file under a finished export (outputs and castmap's own state files) into
// memory, then creates the same tree under a new folder with the cheapest calls there are (open,
// write, close: no atomic rename, no checks) on 1 thread or on all cores, and times only that.
// A cold export can be no faster than the parse floor plus this, on the same file system. The
// CPU time it reports (all threads, user and kernel) says whether the writes could hide behind
// parsing: not when they keep every core busy.
// Usage: castmap_write_floor EXPORT_DIR NEW_DIR [THREADS]
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct FileToWrite {
  std::string path;  // under NEW_DIR
  std::string bytes;
};

/// Writes one file; exits on any error, since a floor measured over failed writes means nothing.
void write_whole_file(const FileToWrite& file) {
  const int fd = ::open(file.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    std::fprintf(stderr, "%s: %s\n", file.path.c_str(), std::strerror(errno));
    std::exit(1);
  }
  for (std::size_t done = 0; done < file.bytes.size();) {
    const ssize_t written = ::write(fd, file.bytes.data() + done, file.bytes.size() - done);
    if (written <= 0) {
      std::fprintf(stderr, "%s: %s\n", file.path.c_str(), std::strerror(errno));
      std::exit(1);
    }
    done += static_cast<std::size_t>(written);
  }
  ::close(fd);
}

/// User plus system time of the whole process so far.
double cpu_seconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s EXPORT_DIR NEW_DIR [THREADS]\n", argv[0]);
    return 2;
  }
  const fs::path from = argv[1], to = argv[2];
  const unsigned threads = argc > 3 && std::atoi(argv[3]) > 0
                               ? static_cast<unsigned>(std::atoi(argv[3]))
                               : std::max(1u, std::thread::hardware_concurrency());
  if (fs::exists(to)) {
    std::fprintf(stderr, "%s exists: the floor is measured in a new folder\n", argv[2]);
    return 2;
  }
  // Folders are made before the clock starts: a cold export makes a handful, and the cost
  // measured here is that of the files.
  std::vector<FileToWrite> files;
  std::size_t bytes = 0;
  fs::create_directories(to);
  for (const auto& entry : fs::recursive_directory_iterator(from)) {
    const fs::path target = to / fs::relative(entry.path(), from);
    if (entry.is_directory()) {
      fs::create_directories(target);
    } else if (entry.is_regular_file()) {
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream buffer;
      buffer << in.rdbuf();
      files.push_back({target.string(), buffer.str()});
      bytes += files.back().bytes.size();
    }
  }
  const double cpu_before = cpu_seconds();
  const auto start = std::chrono::steady_clock::now();
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < files.size();) write_whole_file(files[i]);
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "{\"files\":%zu,\"bytes\":%zu,\"threads\":%u,\"seconds\":%.3f,\"cpu_seconds\":%.3f}\n",
      files.size(), bytes, threads, seconds, cpu_seconds() - cpu_before);
  return 0;
}
