# expect: Format.Bom
$d = 4
