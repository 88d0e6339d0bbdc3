# Fixture: file-format violations (only ps-module is held to these rules).
# Café is not ASCII  # expect: Format.NonAscii
$a = 1  # expect: Format.TrailingWhitespace   
	$b = 2  # expect: Format.Tab
$c = 3
