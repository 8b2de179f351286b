/* Preloaded ahead of libfaketime by scripts/test-at.sh: timerfd_settime and
 * timerfd_gettime go straight to the kernel. libfaketime 0.9.10 shifts
 * absolute timerfd deadlines by its fake offset even when monotonic time is
 * left real (FAKETIME_DONT_FAKE_MONOTONIC=1), and Asio arms its CLOCK_MONOTONIC
 * timerfd with an absolute deadline whenever a timer is already due, so under
 * a faked date such timers never fire. With monotonic time real, the kernel's
 * own answer is the right one. */
#define _GNU_SOURCE
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <unistd.h>

int timerfd_settime(int fd, int flags, const struct itimerspec* new_value, struct itimerspec* old_value) {
  return (int)syscall(SYS_timerfd_settime, fd, flags, new_value, old_value);
}

int timerfd_gettime(int fd, struct itimerspec* curr_value) {
  return (int)syscall(SYS_timerfd_gettime, fd, curr_value);
}
