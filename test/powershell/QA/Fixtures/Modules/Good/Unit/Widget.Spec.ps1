# Stands in for the unit tests of PgGood: both exported commands are called.
Describe 'PgGood' {
    It 'gets a widget' {
        (Get-PgWidget -Name 'w1').Size | Should -Be 1
    }

    It 'sets a widget' {
        Set-PgWidget -Name 'w1' -Size 2 -WhatIf
    }
}
