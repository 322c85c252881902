//===- UpstreamCrash.cpp - survive crashes inside libMLIR's own code ------===//
#include "sffnn/Support/UpstreamCrash.h"

#include <csetjmp>
#include <csignal>
#include <cstring>

#if defined(__linux__) && (defined(__x86_64__) || defined(__aarch64__))
#define SFFNN_GUARD_UPSTREAM 1
#include <dlfcn.h>
#include <elf.h>
#include <execinfo.h>
#include <link.h>
#include <ucontext.h>
#endif

using namespace sffnn;

#ifdef SFFNN_GUARD_UPSTREAM
namespace {
constexpr int kSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL};
constexpr int kNumSignals = sizeof(kSignals) / sizeof(kSignals[0]);

struct Guard {
  sigjmp_buf jump;
  struct sigaction previous[kNumSignals];
  // Written by the handler (only plain copies: it runs in a signal).
  char where[256];
};
Guard *active = nullptr;

void restorePrevious(Guard &guard) {
  for (int i = 0; i < kNumSignals; ++i)
    sigaction(kSignals[i], &guard.previous[i], nullptr);
}

const void *faultingInstruction(void *context) {
  const auto *uc = static_cast<const ucontext_t *>(context);
#if defined(__x86_64__)
  return reinterpret_cast<const void *>(uc->uc_mcontext.gregs[REG_RIP]);
#else
  return reinterpret_cast<const void *>(uc->uc_mcontext.pc);
#endif
}

void copyName(char *to, const char *from) {
  std::strncpy(to, from ? from : "?", sizeof(Guard::where) - 1);
  to[sizeof(Guard::where) - 1] = '\0';
}

bool inLibMLIR(const void *pc) {
  Dl_info info;
  return dladdr(pc, &info) && info.dli_fname &&
         std::strstr(info.dli_fname, "libMLIR");
}

/// Whether `pc` lies inside an exported symbol of this executable that is
/// a template of LLVM's or MLIR's headers (such as llvm::hash_combine's):
/// libMLIR calls the executable's copy of those (symbol interposition), so
/// its faults can be at such a pc. Sets `name`.
bool inInterposedTemplate(const void *pc, const char *&name) {
  Dl_info info;
  void *entry = nullptr; // the ElfW(Sym) of the symbol
  if (!dladdr1(pc, &info, &entry, RTLD_DL_SYMENT))
    return false;
  const auto *symbol = static_cast<const ElfW(Sym) *>(entry);
  if (!symbol || !info.dli_sname || !info.dli_saddr)
    return false;
  auto offset =
      static_cast<const char *>(pc) - static_cast<const char *>(info.dli_saddr);
  if (offset < 0 || static_cast<size_t>(offset) >= symbol->st_size)
    return false; // a static function of ours after that symbol
  name = info.dli_sname;
  return (std::strncmp(name, "_ZN4llvm", 8) == 0 ||
          std::strncmp(name, "_ZN4mlir", 8) == 0 ||
          std::strncmp(name, "_ZNK4mlir", 9) == 0 ||
          std::strncmp(name, "_ZNK4llvm", 9) == 0) &&
         !std::strstr(name, "sffnn");
}

/// The return address of the function that faulted at `pc` (its caller),
/// from the stack as unwound through the signal frame; null if not found.
const void *callerOf(const void *pc) {
  void *frames[32];
  int n = backtrace(frames, 32);
  for (int i = 0; i + 1 < n; ++i)
    if (frames[i] == pc)
      return frames[i + 1];
  return nullptr;
}

/// Whether `pc` is in the shared object that holds this file's code (the
/// executable, or the library our code is linked into).
bool inOurObject(const void *pc) {
  Dl_info ours, info;
  return dladdr(reinterpret_cast<const void *>(&inLibMLIR), &ours) &&
         dladdr(pc, &info) && ours.dli_fbase == info.dli_fbase;
}

/// A fault of libMLIR's code: in libMLIR, or in code libMLIR called
/// directly that is not ours: the C library's (memcpy reading past a blob)
/// or one of LLVM's or MLIR's header templates.
bool isUpstreamFault(const void *pc, const char *&name) {
  if (inLibMLIR(pc))
    return true;
  bool notOurs = inOurObject(pc) ? inInterposedTemplate(pc, name) : true;
  return notOurs && inLibMLIR(callerOf(pc));
}

void onFault(int signal, siginfo_t *, void *context) {
  Guard *guard = active;
  const void *pc = faultingInstruction(context);
  const char *name = nullptr;
  if (guard && isUpstreamFault(pc, name)) {
    Dl_info info;
    if (!name && dladdr(pc, &info))
      name = info.dli_sname ? info.dli_sname : info.dli_fname;
    copyName(guard->where, name);
    siglongjmp(guard->jump, signal);
  }
  // Not libMLIR's: give the fault back to whoever handled it before; the
  // instruction faults again on return.
  if (guard) {
    restorePrevious(*guard);
    active = nullptr;
  } else {
    std::signal(signal, SIG_DFL);
  }
}
} // namespace

bool sffnn::canGuardUpstreamCrash() { return true; }

void sffnn::abandonGuardedCode(const char *reason) {
  if (Guard *guard = active) {
    copyName(guard->where, reason);
    siglongjmp(guard->jump, 1);
  }
}

bool sffnn::runGuardingUpstreamCrash(llvm::function_ref<void()> body,
                                     std::string &where) {
  if (active) { // nested: the outer guard decides
    body();
    return true;
  }
  // backtrace() loads the unwinder on its first call: not in the handler.
  void *frame[1];
  (void)backtrace(frame, 1);
  Guard guard;
  guard.where[0] = '\0';
  struct sigaction action = {};
  action.sa_sigaction = onFault;
  action.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigemptyset(&action.sa_mask);
  for (int i = 0; i < kNumSignals; ++i)
    sigaction(kSignals[i], &action, &guard.previous[i]);
  active = &guard;
  bool survived = sigsetjmp(guard.jump, /*savesigs=*/1) == 0;
  if (survived)
    body();
  if (active == &guard) {
    restorePrevious(guard);
    active = nullptr;
  }
  if (!survived)
    where = guard.where;
  return survived;
}
#else
bool sffnn::canGuardUpstreamCrash() { return false; }

void sffnn::abandonGuardedCode(const char *) {}

bool sffnn::runGuardingUpstreamCrash(llvm::function_ref<void()> body,
                                     std::string &) {
  body();
  return true;
}
#endif
