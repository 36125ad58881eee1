"""Password validators with Vietnamese messages where Django's translation is missing."""

from django.contrib.auth import password_validation


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with its error in Vietnamese: Django 5.2 changed the English text, and its
    Vietnamese catalogue still has only the old one, so the error came out in English."""

    def get_error_message(self):
        return f"Mật khẩu quá ngắn: cần ít nhất {self.min_length} ký tự."
