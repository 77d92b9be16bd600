#include "aws/terminal_prompt.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include "core/deadline.hpp"

namespace ssomap::aws {

std::optional<std::string> TerminalPrompt::Ask(const std::string& question) {
  const deadline::UserWait waiting;  // the person's typing does not spend --request-timeout
  int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  termios saved{};
  bool restore = ::tcgetattr(fd, &saved) == 0;
  if (restore) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(fd, TCSANOW, &quiet);
  }
  (void)!::write(fd, question.data(), question.size());
  std::string answer;
  char c = 0;
  while (::read(fd, &c, 1) == 1 && c != '\n') answer += c;
  if (restore) ::tcsetattr(fd, TCSANOW, &saved);
  (void)!::write(fd, "\n", 1);
  ::close(fd);
  return answer;
}

}  // namespace ssomap::aws
