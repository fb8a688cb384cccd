#pragma once
// IP networks in CIDR notation ("10.0.0.0/8", "::1/128", or a bare address): the kiosk and
// external access services' client networks, and the networks remote sources may reach.
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace pictor::core {

class Network {
  public:
    static Result<Network> parse(std::string_view cidr);
    bool contains(std::string_view address) const;

  private:
    bool v6_ = false;
    std::array<unsigned char, 16> bytes_{};
    int prefix_ = 0;
};

Result<std::vector<Network>> parse_networks(const std::vector<std::string>& items);
bool any_contains(const std::vector<Network>& networks, std::string_view address);

} // namespace pictor::core
