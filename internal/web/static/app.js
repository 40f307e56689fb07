// inteqra's own script. Pages work without it; it only adds comfort.
// Move focus to the first error alert after a failed form submission.
document.addEventListener("DOMContentLoaded", function () {
  var alert = document.querySelector(".usa-alert--error");
  if (alert) {
    alert.setAttribute("tabindex", "-1");
    alert.focus();
  }
});
