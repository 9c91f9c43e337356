// Debian's libyaml-dev (pkg-config yaml-0.1); the build installs it when missing.
#include <yaml.h>
