//===- CNames.cpp - names a kernel's C entry point must not take ----------===//
//
// A network's name becomes the kernel's exported C function. A program
// linking a kernel named like a C library function (`puts`, `memcpy`,
// `expf`) calls the kernel instead of libc, and crashes; so does the
// kernel's own runtime, which calls malloc, memset and the like. C17 7.1.3
// reserves every standard library function name for external linkage, and
// identifiers that begin with two underscores or one and a capital; POSIX's
// threads (pthread_) and its most used calls are added because every
// program on Linux links them.
//
//===----------------------------------------------------------------------===//
#include "sffnn/Support/CNames.h"

#include "llvm/ADT/StringSet.h"


namespace {

// C17 Annex B, every header's functions (macros that may also be functions
// included), then POSIX.
const char *const kNames[] = {
    // assert.h, ctype.h, wctype.h
    "assert", "isalnum", "isalpha", "isblank", "iscntrl", "isdigit",
    "isgraph", "islower", "isprint", "ispunct", "isspace", "isupper",
    "isxdigit", "tolower", "toupper", "iswalnum", "iswalpha", "iswblank",
    "iswcntrl", "iswdigit", "iswgraph", "iswlower", "iswprint", "iswpunct",
    "iswspace", "iswupper", "iswxdigit", "iswctype", "wctype", "towlower",
    "towupper", "towctrans", "wctrans",
    // errno.h, fenv.h, locale.h, setjmp.h, signal.h
    "errno", "feclearexcept", "fegetexceptflag", "feraiseexcept",
    "fesetexceptflag", "fetestexcept", "fegetround", "fesetround", "fegetenv",
    "feholdexcept", "fesetenv", "feupdateenv", "setlocale", "localeconv",
    "setjmp", "longjmp", "signal", "raise",
    // math.h (double, float and long double forms)
    "acos", "acosf", "acosl", "asin", "asinf", "asinl", "atan", "atanf",
    "atanl", "atan2", "atan2f", "atan2l", "cos", "cosf", "cosl", "sin", "sinf",
    "sinl", "tan", "tanf", "tanl", "acosh", "acoshf", "acoshl", "asinh",
    "asinhf", "asinhl", "atanh", "atanhf", "atanhl", "cosh", "coshf", "coshl",
    "sinh", "sinhf", "sinhl", "tanh", "tanhf", "tanhl", "exp", "expf", "expl",
    "exp2", "exp2f", "exp2l", "expm1", "expm1f", "expm1l", "frexp", "frexpf",
    "frexpl", "ilogb", "ilogbf", "ilogbl", "ldexp", "ldexpf", "ldexpl", "log",
    "logf", "logl", "log10", "log10f", "log10l", "log1p", "log1pf", "log1pl",
    "log2", "log2f", "log2l", "logb", "logbf", "logbl", "modf", "modff",
    "modfl", "scalbn", "scalbnf", "scalbnl", "scalbln", "scalblnf", "scalblnl",
    "cbrt", "cbrtf", "cbrtl", "fabs", "fabsf", "fabsl", "hypot", "hypotf",
    "hypotl", "pow", "powf", "powl", "sqrt", "sqrtf", "sqrtl", "erf", "erff",
    "erfl", "erfc", "erfcf", "erfcl", "lgamma", "lgammaf", "lgammal", "tgamma",
    "tgammaf", "tgammal", "ceil", "ceilf", "ceill", "floor", "floorf",
    "floorl", "nearbyint", "nearbyintf", "nearbyintl", "rint", "rintf",
    "rintl", "lrint", "lrintf", "lrintl", "llrint", "llrintf", "llrintl",
    "round", "roundf", "roundl", "lround", "lroundf", "lroundl", "llround",
    "llroundf", "llroundl", "trunc", "truncf", "truncl", "fmod", "fmodf",
    "fmodl", "remainder", "remainderf", "remainderl", "remquo", "remquof",
    "remquol", "copysign", "copysignf", "copysignl", "nan", "nanf", "nanl",
    "nextafter", "nextafterf", "nextafterl", "nexttoward", "nexttowardf",
    "nexttowardl", "fdim", "fdimf", "fdiml", "fmax", "fmaxf", "fmaxl", "fmin",
    "fminf", "fminl", "fma", "fmaf", "fmal",
    // stdio.h
    "remove", "rename", "tmpfile", "tmpnam", "fclose", "fflush", "fopen",
    "freopen", "setbuf", "setvbuf", "fprintf", "fscanf", "printf", "scanf",
    "snprintf", "sprintf", "sscanf", "vfprintf", "vfscanf", "vprintf",
    "vscanf", "vsnprintf", "vsprintf", "vsscanf", "fgetc", "fgets", "fputc",
    "fputs", "getc", "getchar", "gets", "putc", "putchar", "puts", "ungetc",
    "fread", "fwrite", "fgetpos", "fseek", "fsetpos", "ftell", "rewind",
    "clearerr", "feof", "ferror", "perror", "stdin", "stdout", "stderr",
    // stdlib.h
    "atof", "atoi", "atol", "atoll", "strtod", "strtof", "strtold", "strtol",
    "strtoll", "strtoul", "strtoull", "rand", "srand", "aligned_alloc",
    "calloc", "free", "malloc", "realloc", "abort", "atexit", "at_quick_exit",
    "exit", "_Exit", "getenv", "quick_exit", "system", "bsearch", "qsort",
    "abs", "labs", "llabs", "div", "ldiv", "lldiv", "mblen", "mbtowc",
    "wctomb", "mbstowcs", "wcstombs",
    // string.h
    "memcpy", "memmove", "strcpy", "strncpy", "strcat", "strncat", "memcmp",
    "strcmp", "strcoll", "strncmp", "strxfrm", "memchr", "strchr", "strcspn",
    "strpbrk", "strrchr", "strspn", "strstr", "strtok", "memset", "strerror",
    "strlen",
    // time.h, threads.h, uchar.h
    "clock", "difftime", "mktime", "time", "timespec_get", "asctime", "ctime",
    "gmtime", "localtime", "strftime", "call_once", "cnd_broadcast",
    "cnd_destroy", "cnd_init", "cnd_signal", "cnd_timedwait", "cnd_wait",
    "mtx_destroy", "mtx_init", "mtx_lock", "mtx_timedlock", "mtx_trylock",
    "mtx_unlock", "thrd_create", "thrd_current", "thrd_detach", "thrd_equal",
    "thrd_exit", "thrd_join", "thrd_sleep", "thrd_yield", "tss_create",
    "tss_delete", "tss_get", "tss_set", "mbrtoc16", "c16rtomb", "mbrtoc32",
    "c32rtomb",
    // wchar.h
    "fwprintf", "fwscanf", "swprintf", "swscanf", "vfwprintf", "vfwscanf",
    "vswprintf", "vswscanf", "vwprintf", "vwscanf", "wprintf", "wscanf",
    "fgetwc", "fgetws", "fputwc", "fputws", "fwide", "getwc", "getwchar",
    "putwc", "putwchar", "ungetwc", "wcstod", "wcstof", "wcstold", "wcstol",
    "wcstoll", "wcstoul", "wcstoull", "wcscpy", "wcsncpy", "wmemcpy",
    "wmemmove", "wcscat", "wcsncat", "wcscmp", "wcscoll", "wcsncmp", "wcsxfrm",
    "wmemcmp", "wcschr", "wcscspn", "wcspbrk", "wcsrchr", "wcsspn", "wcsstr",
    "wcstok", "wmemchr", "wcslen", "wmemset", "wcsftime", "btowc", "wctob",
    "mbsinit", "mbrlen", "mbrtowc", "wcrtomb", "mbsrtowcs", "wcsrtombs",
    // POSIX: the calls every Linux program links
    "open", "close", "read", "write", "lseek", "pipe", "dup", "dup2", "fork",
    "execv", "execve", "execvp", "execl", "execlp", "wait", "waitpid",
    "_exit", "kill", "sleep", "usleep", "nanosleep", "getpid", "mmap", "munmap",
    "mprotect", "stat", "fstat", "lstat", "unlink", "mkdir", "rmdir", "chdir",
    "getcwd", "access", "fcntl", "ioctl", "poll", "select", "socket",
    "connect", "bind", "listen", "accept", "send", "recv", "sysconf",
    "dlopen", "dlsym", "dlclose", "dlerror", "setenv", "unsetenv", "strdup",
    "strndup", "posix_memalign", "fileno", "fdopen", "popen", "pclose",
    "clock_gettime", "gettimeofday", "sched_yield", "environ"};

} // namespace

bool sffnn::isReservedCName(llvm::StringRef name) {
  static const llvm::StringSet<> names = [] {
    llvm::StringSet<> set;
    for (const char *n : kNames)
      set.insert(n);
    return set;
  }();
  // "__x" and "_X" are reserved for every use; "_x" only at file scope,
  // which glibc hardly uses, so "_net_2" stays a valid kernel name.
  bool underscore = name.starts_with("__") ||
                    (name.size() > 1 && name[0] == '_' &&
                     name[1] >= 'A' && name[1] <= 'Z');
  return underscore || name.starts_with("pthread_") || names.contains(name);
}
