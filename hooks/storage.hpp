#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>

namespace sc::hooks {

// The store has no room now (ENOSPC, EDQUOT on a local disk). Unlike other failures it says
// nothing about the segment: the pipeline holds it in the queue, backing off, until room
// returns, and never parks it for this.
class StorageFull : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// True for an error that means "no room": StorageFull, or a std::system_error (filesystem_error
// included) carrying ENOSPC or EDQUOT.
bool IsOutOfSpace(const std::exception& error);

// An object store the recording pipelines upload to (port-decisions.md §5). Implementations:
// LocalStorage (files under SRS_CLOUD_HOME), S3Storage (AWS SigV4: AWS, MinIO, R2) and
// CosStorage (Tencent COS); Tencent VoD (VodTarget) uses a CosStorage per session with the
// temporary credentials of ApplyUpload. Every method may throw std::runtime_error
// (with the store's explanation) and must be safe from any thread.
class Storage {
 public:
  virtual ~Storage() = default;

  virtual std::string kind() const = 0;  // "local", "s3", ... recorded in METADATA.storage
  // What METADATA.bucket/region record (the playlist generator requires both non-empty).
  virtual std::string bucket() const = 0;
  virtual std::string region() const = 0;
  // False while the store lacks configuration (no credentials yet); nothing is attempted then.
  virtual bool ready() const { return true; }

  // Stores `file` under `key`. Atomic from a reader's view: after a crash the object is either
  // absent or complete, which is what lets a restarted uploader trust SizeOf.
  virtual void PutFile(const std::string& key, const std::filesystem::path& file,
                       const std::string& content_type) = 0;
  virtual void PutText(const std::string& key, const std::string& body,
                       const std::string& content_type) = 0;
  // The size of the stored object, nullopt when there is none.
  virtual std::optional<std::uint64_t> SizeOf(const std::string& key) = 0;

  // How a player gets the object: a local file to serve, or a URL to redirect to.
  using Location = std::variant<std::filesystem::path, std::string>;
  virtual std::optional<Location> Locate(const std::string& key) = 0;
};

// An object key the pipelines build: "<uuid>/<tsid>.ts", "<uuid>/index.m3u8". Keys from
// requests are checked with this before use: no empty, "." or ".." parts, no leading '/', no
// backslash or control characters.
bool IsSafeKey(std::string_view key);

// The whole content of `file`, for the stores that upload it in one request (S3, COS);
// std::runtime_error naming the file when it cannot be read.
std::string ReadWholeFile(const std::filesystem::path& file);

}  // namespace sc::hooks
