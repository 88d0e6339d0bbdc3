Describe 'PgBroken' {
    It 'gets the gizmo' {
        Get-PgGizmo
    }
}
