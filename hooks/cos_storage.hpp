#pragma once
#include <functional>
#include <optional>
#include <string>

#include "common/cloud/cos_client.hpp"
#include "hooks/storage.hpp"

namespace sc::hooks {

// Which bucket COS objects go to and the keys that sign for it: the account's permanent keys
// and the provisioned bucket for DVR, the temporary ones of ApplyUpload for VoD.
struct CosAccount {
  cloud::TencentCredentials credentials{};
  std::string bucket{};  // "<name>-<appId>"
  std::string region{};  // "ap-guangzhou"

  bool complete() const {
    return !credentials.secret_id.empty() && !credentials.secret_key.empty() && !bucket.empty() &&
           !region.empty();
  }
};

// Tencent COS over its XML API, every request signed with q-sign-algorithm=sha1
// (spec/tencent.md §5, hooks.md §6.4). The account is asked for on every call, so keys the
// tencent daemon writes later (or rotates) take effect without a restart (hooks.md §6 note).
// PUT Object is atomic on COS, so SizeOf (HEAD) after a crash tells the truth.
class CosStorage final : public Storage {
 public:
  using AccountSource = std::function<CosAccount()>;
  CosStorage(cloud::TencentEndpoints endpoints, AccountSource account);

  std::string kind() const override { return "cos"; }
  std::string bucket() const override { return account_().bucket; }
  std::string region() const override { return account_().region; }
  bool ready() const override { return account_().complete(); }
  // Segments and playlists as the original sent them: Content-Type and
  // x-cos-storage-class: STANDARD.
  void PutFile(const std::string& key, const std::filesystem::path& file,
               const std::string& content_type) override;
  void PutText(const std::string& key, const std::string& body,
               const std::string& content_type) override;
  std::optional<std::uint64_t> SizeOf(const std::string& key) override;
  // The object's public URL, https://<bucket>.cos.<region>.myqcloud.com/<key>: the bucket is
  // provisioned with anonymous read (tencent.md §4.1), as the original's dashboard assumed.
  std::optional<Location> Locate(const std::string& key) override;

 private:
  CosAccount Require() const;  // throws when the account is incomplete

  const cloud::CosClient client_;
  const AccountSource account_;
};

}  // namespace sc::hooks
