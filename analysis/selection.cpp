// Quickselect for several ranks at once, partitioning without a branch per
// value: std::nth_element branches on every comparison with the pivot,
// which for a book's prices is close to a coin toss, so about every other
// comparison is a mispredicted branch. Here each value is copied to both
// ends of a scratch buffer and only the end it belongs to moves on.
#include "analysis/selection.hpp"

#include <algorithm>
#include <bit>
#include <utility>
#include <vector>

namespace analysis {
namespace {

// Ranges this short are sorted outright.
constexpr std::size_t small_range = 12;

// Up to this many values the working copy and its scratch are on the stack
// (16 KiB); more take a heap buffer.
constexpr std::size_t stack_values = 1024;

void insertion_sort(cents* v, std::size_t n) {
  for (std::size_t i = 1; i < n; ++i) {
    const cents x = v[i];
    std::size_t j = i;
    for (; j > 0 && v[j - 1] > x; --j)
      v[j] = v[j - 1];
    v[j] = x;
  }
}

cents median_of_three(cents a, cents b, cents c) { return std::max(std::min(a, b), std::min(std::max(a, b), c)); }

// Copies the values below `pivot` to the front of `out` and those above it
// to its back; values equal to the pivot are left out (they are the pivot).
// Returns how many went to the front and how many to the back. (Indexes,
// not pointers: GCC 12 turned the pointer form back into branches once it
// was inlined.)
std::pair<std::size_t, std::size_t> split(const cents* v, std::size_t n, cents pivot, cents* out) {
  std::size_t front = 0, back = n;  // values written to out[0, front) and out[back, n)
  for (std::size_t i = 0; i < n; ++i) {
    const cents x = v[i];
    out[front] = x;
    out[back - 1] = x;
    front += static_cast<std::size_t>(x < pivot);
    back -= static_cast<std::size_t>(pivot < x);
  }
  return {front, n - back};
}

// `v` holds the values of global ranks [base, base + n); `ranks` (m of them,
// ascending, all in that span) are looked up into `out`. `scratch` has room
// for n values; v and scratch swap roles at every level. After `depth`
// levels (only reached with pivots chosen badly again and again) the
// library's selection finishes the job.
void select_in(cents* v, cents* scratch, std::size_t n, std::size_t base, const std::size_t* ranks,
               std::size_t m, cents* out, int depth) {
  while (m > 0) {
    if (n <= small_range) {
      insertion_sort(v, n);
      for (std::size_t i = 0; i < m; ++i)
        out[i] = v[ranks[i] - base];
      return;
    }
    if (depth-- == 0) {
      for (std::size_t i = 0; i < m; ++i) {
        std::nth_element(v, v + (ranks[i] - base), v + n);
        out[i] = v[ranks[i] - base];
      }
      return;
    }
    const cents pivot = median_of_three(v[0], v[n / 2], v[n - 1]);
    const auto [below, above] = split(v, n, pivot, scratch);
    // Ranks before `first_equal` are below the pivot, from `first_above` on above it.
    const std::size_t first_equal = base + below, first_above = base + n - above;
    const std::size_t a = static_cast<std::size_t>(std::lower_bound(ranks, ranks + m, first_equal) - ranks);
    const std::size_t b = static_cast<std::size_t>(std::lower_bound(ranks + a, ranks + m, first_above) - ranks);
    for (std::size_t i = a; i < b; ++i)
      out[i] = pivot;
    // The values below the pivot are at the front of scratch, those above at
    // its back; the matching parts of v are free to be their scratch.
    if (a > 0)
      select_in(scratch, v, below, base, ranks, a, out, depth);
    const std::size_t offset = n - above;
    cents* const next = scratch + offset;
    scratch = v + offset;
    v = next;
    base = first_above;
    n = above;
    ranks += b;
    out += b;
    m -= b;
  }
}

} // namespace

void select_ranks(std::span<const cents> values, std::span<const std::size_t> ranks, std::span<cents> out) {
  const std::size_t n = values.size();
  if (ranks.empty())
    return;
  const int depth = 2 * static_cast<int>(std::bit_width(n)) + 4;
  // A working copy and its scratch, side by side.
  cents on_stack[2 * stack_values];
  std::vector<cents> on_heap;
  cents* work = on_stack;
  if (n > stack_values) {
    on_heap.resize(2 * n);
    work = on_heap.data();
  }
  std::copy(values.begin(), values.end(), work);
  select_in(work, work + n, n, 0, ranks.data(), ranks.size(), out.data(), depth);
}

} // namespace analysis
