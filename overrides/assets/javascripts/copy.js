/* Copy buttons that copy a code block byte for byte. Material's button trims the end of
   what it copies, so a prompt template's final newline (which Tulu's card calls very
   important) would be lost. For blocks the generator marks "atlas-exact", the code's text
   is handed to the button as it is, just before Material's own click handler reads it
   (clipboard.js takes data-clipboard-text first, untrimmed). */
document.addEventListener(
  "click",
  function (event) {
    var target = event.target;
    var button = target && target.closest ? target.closest(".atlas-exact button[data-md-type='copy']") : null;
    if (!button) return;
    var code = button.closest("pre") && button.closest("pre").querySelector("code");
    if (code) button.setAttribute("data-clipboard-text", code.textContent);
  },
  true
);
