package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBinaryExitStatusAndLanguage builds the real binary and runs it as a
// child process, as an admin's shell would: the exit status a script sees
// and the words a person reads come from main itself.
func TestBinaryExitStatusAndLanguage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := mediawatchBinary(t) // built once for every process test
	data := filepath.Join(dir, "data")
	run := func(args ...string) (string, string, int) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "MEDIAWATCH_UI_LANG=vi", "MEDIAWATCH_DATA_DIR="+data)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			t.Fatal(err)
		}
		return out.String(), errOut.String(), cmd.ProcessState.ExitCode()
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--help"}, 0, "Cách dùng: mediawatch <lệnh> [tùy chọn]"},
		{[]string{"keys", "list", "--jsn"}, 80, `mediawatch: lỗi: không có tùy chọn --jsn; có phải ý bạn là "--json"?`},
		{[]string{"keys", "create", "--name", "nguyễn-lan", "--role", "admin"}, 0, `Đã tạo khóa "nguyễn-lan" (admin)`},
		{[]string{"keys", "rotate", "nguyễn-lan"}, 0, `Đã đổi khóa "nguyễn-lan" (admin)`},
		{[]string{"keys", "revoke", "nguyễn-lan"}, 0, `Đã thu hồi khóa "nguyễn-lan".`},
		{[]string{"keys", "revoke", "nguyễn-lan"}, 1, `mediawatch: khóa "nguyễn-lan" đã bị thu hồi từ trước; không có gì thay đổi`},
		{[]string{"keys", "revoke", "không-có"}, 1, `mediawatch: không có khóa nào tên "không-có"`},
	} {
		out, errOut, code := run(tc.args...)
		if code != tc.code || !strings.Contains(out+errOut, tc.want) {
			t.Errorf("mediawatch %s: exit %d, want %d; output %q %q, want %q",
				strings.Join(tc.args, " "), code, tc.code, out, errOut, tc.want)
		}
	}
}
