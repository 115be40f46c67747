#pragma once
#include <chrono>
#include <string>

#include "common/cloud/sigv4.hpp"
#include "hooks/storage.hpp"

namespace sc::hooks {

// Where an S3-compatible bucket is and how to sign for it (S3_* settings).
struct S3Options {
  std::string endpoint{};  // "https://s3.us-east-1.amazonaws.com", "http://127.0.0.1:9000" (MinIO),
                           // "https://<account>.r2.cloudflarestorage.com"
  std::string bucket{};
  std::string region = "us-east-1";  // R2: "auto"
  cloud::AwsCredentials credentials{};
  bool path_style = true;  // "<endpoint>/<bucket>/<key>"; false: "<bucket>.<endpoint host>/<key>"
  std::chrono::milliseconds timeout{60'000};
  int presign_seconds = 3600;  // how long a playback redirect stays valid
};

// S3-compatible object storage over the REST API, every request signed with SigV4. PUT Object
// is atomic on every S3-compatible store, so SizeOf (HEAD) after a crash tells the truth.
class S3Storage final : public Storage {
 public:
  explicit S3Storage(S3Options options);

  std::string kind() const override { return "s3"; }
  std::string bucket() const override { return options_.bucket; }
  std::string region() const override { return options_.region; }
  bool ready() const override;
  void PutFile(const std::string& key, const std::filesystem::path& file,
               const std::string& content_type) override;
  void PutText(const std::string& key, const std::string& body,
               const std::string& content_type) override;
  std::optional<std::uint64_t> SizeOf(const std::string& key) override;
  // A presigned GET URL, so private buckets play too.
  std::optional<Location> Locate(const std::string& key) override;

 private:
  struct Target {
    std::string origin{};  // scheme://host[:port]
    std::string host{};    // host[:port], as signed
    std::string path{};    // encoded
  };
  Target TargetOf(const std::string& key) const;
  void Put(const std::string& key, const std::string& body, const std::string& content_type);

  const S3Options options_;
};

}  // namespace sc::hooks
