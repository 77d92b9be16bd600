#pragma once
/// One factory per subcommand; each is defined in that command's own file.

#include "command.hpp"

namespace ssomap::cli {

Command ArnCommand();
Command ListCommand();
Command AddCommand();
Command RemoveCommand();
Command RestoreCommand();
Command DoctorCommand();
Command VersionCommand();
Command WhoamiCommand();
Command MigrateCommand();
Command CompletionCommand();
Command TokenCommand();

}  // namespace ssomap::cli
