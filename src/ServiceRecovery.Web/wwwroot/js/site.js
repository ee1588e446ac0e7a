// After a refused or invalid submit the server re-renders the page; bring the user to what needs attention.
(function () {
    var target = document.querySelector('[role="alert"], .input-validation-error, fieldset[aria-invalid="true"]');
    if (!target) {
        return;
    }
    var field = target.matches('input, textarea, select') ? target : target.querySelector('input, textarea, select');
    target.scrollIntoView({ block: 'center' });
    if (field && !target.matches('[role="alert"]')) {
        field.focus({ preventScroll: true });
    } else {
        target.setAttribute('tabindex', '-1');
        target.focus({ preventScroll: true });
    }
})();
